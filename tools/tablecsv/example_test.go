package tablecsv_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

func ExampleReader() {
	in := "市町村,人口\n札幌市,1973395\n\n函館市\"x,0\n\"小樽\n市\",\xff\n"
	r := tablecsv.NewReader(strings.NewReader(in), tablecsv.DefaultDialect(), tablecsv.Options{})
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *tablecsv.ParseError
		if err != nil && !errors.As(err, &pe) {
			fmt.Println("I/O error:", err) // not a problem of the data: give up
			return
		}
		if err != nil {
			fmt.Println(err)
		}
		if rec == nil {
			continue // the line is not a row; the reader goes on with the next line
		}
		fmt.Printf("lines %d-%d: %q\n", rec.Line(), rec.EndLine(), rec.Strings())
	}
	// Output:
	// lines 1-1: ["市町村" "人口"]
	// lines 2-2: ["札幌市" "1973395"]
	// lines 3-3: []
	// line 4, column 4: quote character in unquoted field
	// line 6, column 4: invalid UTF-8
	// lines 5-6: ["小樽\n市" "\xff"]
}
