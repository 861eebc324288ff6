package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// resolve finds the local government of a row from its code or its name
// (with the prefecture column, when there is one), at the as-of date.
func (c *converter) resolve(r int, codeText, name, pref string, at time.Time) (lgcode.Entry, bool) {
	codeCol, nameCol := c.col[repo.CodeField], c.col[roleName]
	where := c.src.Where(r)
	if slices.Contains(naCodes, codeText) {
		if name == "" {
			c.errorf(c.src.Addr(r, codeCol), codeText, "コードも団体名もありません", "neither a code nor a name")
			return lgcode.Entry{}, false
		}
		codeText = ""
	}
	if codeText == "" {
		if name == "" {
			if pref != "" {
				if es, err := c.cfg.Codes.ByName(pref, at, ""); err == nil && es[0].Kind == lgcode.KindPrefecture {
					return es[0], true // a prefecture's row
				}
			}
			c.errorf(where, rowText(c.src.Rows[r]), "団体コードも団体名もない行です", "a row with neither a code nor a name")
			return lgcode.Entry{}, false
		}
		e, ok := c.byName(r, nameCol, name, pref, at)
		if ok {
			c.brk("name-only", name, "団体コードがなく名前だけで団体を示している", "local governments given by name, without their code")
			c.prefixed(name, e)
		}
		return e, ok
	}
	addr := c.src.Addr(r, codeCol)
	t := jatext.Fold(codeText)
	if hasFullWidthDigit(codeText) {
		c.brk("fullwidth-code", addr+" "+codeText, "団体コードが全角数字", "full-width digits in codes")
	}
	if !reInt.MatchString(t) || t[0] == '+' || t[0] == '-' {
		if isTotal(t) || c.isPrefName(t, at) {
			return c.prefOrTotal(r, t, at)
		}
		c.errorf(addr, codeText, "団体コードではありません (6 桁か 5 桁の数字)", "not a local government code (6 or 5 digits)")
		return lgcode.Entry{}, false
	}
	var e lgcode.Entry
	switch len(t) {
	case 6:
		code, err := lgcode.Parse(t)
		if err != nil {
			c.errorf(addr, codeText, "団体コードの検査数字が合いません: "+err.Error(), "wrong check digit")
			return e, false
		}
		var ok bool
		if e, ok = c.inForce(r, addr, code, codeText, at); !ok {
			return e, false
		}
	case 5:
		// A 6-digit code that lost its leading zero, or a 標準地域コード.
		lost, errLost := lgcode.ParseLostZero(t)
		std, _ := lgcode.Parse(t)
		var eLost, eStd lgcode.Entry
		okLost := errLost == nil && c.known(lost)
		okStd := c.known(std)
		if okLost {
			eLost, okLost = c.lookupOrPredecessor(lost, at)
		}
		if okStd {
			eStd, okStd = c.lookupOrPredecessor(std, at)
		}
		switch {
		case okLost && okStd:
			// Both readings name a local government: the name decides.
			if name == "" {
				c.errorf(addr, codeText, fmt.Sprintf("5 桁のコードは %s (先頭の 0 が落ちた 6 桁) とも %s (標準地域コード) とも読めます。団体名の列がないので決められません", eLost.String(), eStd.String()),
					fmt.Sprintf("five digits read as %s (6-digit code without its 0) and as %s (standard area code); no name column to decide", eLost.String(), eStd.String()))
				return e, false
			}
			mLost, mStd := c.nameDenotes(name, pref, eLost, at), c.nameDenotes(name, pref, eStd, at)
			switch {
			case mLost && !mStd:
				e = eLost
				c.brk("lost-zero", codeText, "6 桁の団体コードの先頭の 0 が落ちている (数値として保存された)", "6-digit codes that lost their leading 0 (stored as numbers)")
			case mStd && !mLost:
				e = eStd
				c.brk("standard-code", codeText, "6 桁の全国地方公共団体コードでなく 5 桁の標準地域コード", "5-digit standard area codes instead of the 6-digit codes")
			default:
				c.errorf(addr, codeText, fmt.Sprintf("5 桁のコードは %s とも %s とも読め、団体名「%s」でも決められません", eLost.String(), eStd.String(), name),
					fmt.Sprintf("five digits read as %s and as %s, and the name %q does not decide", eLost.String(), eStd.String(), name))
				return e, false
			}
		case okLost:
			e = eLost
			c.brk("lost-zero", codeText, "6 桁の団体コードの先頭の 0 が落ちている (数値として保存された)", "6-digit codes that lost their leading 0 (stored as numbers)")
		case okStd:
			e = eStd
			c.brk("standard-code", codeText, "6 桁の全国地方公共団体コードでなく 5 桁の標準地域コード", "5-digit standard area codes instead of the 6-digit codes")
		default:
			c.errorf(addr, codeText, fmt.Sprintf("5 桁のコード %s は、先頭の 0 が落ちた 6 桁 (0%s) としても標準地域コードとしても、%s 時点の団体に当たりません", t, t, at.Format(time.DateOnly)),
				fmt.Sprintf("five digits %s match no local government on %s, neither as a 6-digit code without its 0 nor as a standard area code", t, at.Format(time.DateOnly)))
			return e, false
		}
		if e.Code != lost && e.Code != std {
			c.note(r, e, codeText, at)
		}
	default:
		c.errorf(addr, codeText, "団体コードは 6 桁 (または 5 桁) の数字です", "a local government code has 6 (or 5) digits")
		return e, false
	}
	// A name beside the code must agree with it. A name that ends with the
	// code's name after something the table does not record (三宅島三宅村,
	// the island before the village) agrees, with a note.
	denotes := name != "" && c.nameDenotes(name, pref, e, at)
	if denotes {
		c.prefixed(name, e)
	}
	if name != "" && !denotes && strings.HasSuffix(normHeading(name), normHeading(e.Name)) {
		c.res.Notes = append(c.res.Notes, Problem{Where: c.src.Addr(r, nameCol), Text: name,
			Ja: fmt.Sprintf("団体名の前に団体コード表にない語がついています。コード %s (%s) の名前で終わるので、コードどおり取り込みました", e.Code, e.String()),
			En: fmt.Sprintf("the name has a prefix the code table does not record; it ends with the name of code %s (%s), so the code stands", e.Code, e.String())})
		c.brk("name-prefix", name, "団体名に郡・島などの語がついていて正式な名称と違う", "names with a county, island or other prefix, not the official name")
	} else if name != "" && !denotes {
		cand := ""
		es, err := c.cfg.Codes.ByName(name, at, pref)
		if len(es) > 0 {
			cand = entriesString(es)
		}
		if c.cfg.NameOverCode && err == nil && es[0].InScope() {
			c.res.Notes = append(c.res.Notes, Problem{Where: c.src.Addr(r, nameCol), Text: name,
				Ja: fmt.Sprintf("団体名がコード %s (%s) と合いません。-name-over-code により名前どおり %s として取り込みました", e.Code, e.String(), es[0].String()),
				En: fmt.Sprintf("the name does not match code %s (%s); with -name-over-code it is imported by its name, as %s", e.Code, e.String(), es[0].String())})
			c.brk("wrong-code", name+" ≠ "+codeText, "団体コードが団体名と合わない", "codes that do not match the names beside them")
			return es[0], true
		}
		c.errorf(c.src.Addr(r, nameCol), name, fmt.Sprintf("団体名がコード %s (%s) と合いません。名前から当たるのは: %s", e.Code, e.String(), orNone(cand)),
			fmt.Sprintf("the name does not match code %s (%s); by name: %s", e.Code, e.String(), orNone(cand)))
		return e, false
	}
	return e, true
}

func orNone(s string) string {
	if s == "" {
		return "なし / none"
	}
	return s
}

func entriesString(es []lgcode.Entry) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.String()
	}
	return strings.Join(s, ", ")
}

// known: the table has the code at some date.
func (c *converter) known(code lgcode.Code) bool { return len(c.cfg.Codes.History(string(code))) > 0 }

// lookupOrPredecessor finds the code at the date or, when the code came
// into force later, the one local government in force at the date that the
// table names as its predecessor (那珂川町 403059 → 那珂川市 402311): files
// that list today's codes for an older date.
func (c *converter) lookupOrPredecessor(code lgcode.Code, at time.Time) (lgcode.Entry, bool) {
	if e, ok := c.cfg.Codes.Lookup(string(code), at); ok {
		return e, true
	}
	var preds []lgcode.Entry
	for _, e := range c.cfg.Codes.InForce(at) {
		if e.Successor == code && e.Code != code {
			preds = append(preds, e)
		}
	}
	if len(preds) == 1 {
		return preds[0], true
	}
	return lgcode.Entry{}, false
}

func (c *converter) inForce(r int, addr string, code lgcode.Code, text string, at time.Time) (lgcode.Entry, bool) {
	if !c.known(code) {
		c.errorf(addr, text, "団体コード表にないコードです", "a code the local-government table does not have")
		return lgcode.Entry{}, false
	}
	e, ok := c.lookupOrPredecessor(code, at)
	if !ok {
		h := c.cfg.Codes.History(string(code))
		c.errorf(addr, text, fmt.Sprintf("コード %s (%s) は %s 時点で使われていません (後継・前身も一つに決まりません)", code, h[0].String(), at.Format(time.DateOnly)),
			fmt.Sprintf("code %s (%s) was not in force on %s, and no single predecessor was", code, h[0].String(), at.Format(time.DateOnly)))
		return e, false
	}
	if e.Code != code {
		c.note(r, e, text, at)
	}
	return e, true
}

// note records that a row gave a code that came into force after the
// as-of date and was read as its one predecessor.
func (c *converter) note(r int, e lgcode.Entry, text string, at time.Time) {
	c.res.Notes = append(c.res.Notes, Problem{Where: c.src.Where(r), Text: text,
		Ja: fmt.Sprintf("コード %s は %s 時点ではまだなく、その時点の団体は前身の %s です。%s として取り込みました", text, at.Format(time.DateOnly), e.String(), e.Code),
		En: fmt.Sprintf("code %s was not yet in force on %s; the local government then was its predecessor %s, imported as %s", text, at.Format(time.DateOnly), e.String(), e.Code)})
	c.brk("retroactive", text+" → "+string(e.Code), "時点より後のコード・名称で書かれている (遡って現在の名称にした)", "codes or names of a later date than the figures (renamed retroactively)")
}

// nameDenotes tells whether name (with pref) denotes e at the date, or at a
// date when e's code had that name (丹波篠山市 for 282219 before 2019-05-01,
// 那珂川市 for 403059): files often rename retroactively.
func (c *converter) nameDenotes(name, pref string, e lgcode.Entry, at time.Time) bool {
	if es, err := c.cfg.Codes.ByName(name, at, pref); err == nil && es[0].Code == e.Code {
		return true
	} else if _, amb := errors.AsType[*lgcode.AmbiguousError](err); amb {
		for _, x := range es {
			if x.Code == e.Code {
				// The code decides among the candidates of the name.
				return true
			}
		}
	}
	// Other dates of the code, and of its successor.
	codes := []lgcode.Code{e.Code}
	if e.Successor != "" {
		codes = append(codes, e.Successor)
	}
	for _, code := range codes {
		for _, h := range c.cfg.Codes.History(string(code)) {
			d := h.ValidFrom
			if d.IsZero() {
				d = h.ValidTo
			}
			if d.IsZero() {
				continue
			}
			if es, err := c.cfg.Codes.ByName(name, d, pref); err == nil && es[0].Code == code {
				if !(h.Code == e.Code && h.Name == e.Name) {
					c.brk("retroactive", name, "時点より後のコード・名称で書かれている (遡って現在の名称にした)", "codes or names of a later date than the figures (renamed retroactively)")
				}
				return true
			}
		}
	}
	return false
}

// byName resolves a name; ambiguity and absence are errors with the
// candidates.
func (c *converter) byName(r, col int, name, pref string, at time.Time) (lgcode.Entry, bool) {
	es, err := c.cfg.Codes.ByName(name, at, pref)
	if err == nil {
		return es[0], true
	}
	addr := c.src.Addr(r, col)
	if amb, ok := errors.AsType[*lgcode.AmbiguousError](err); ok {
		c.errorf(addr, name, fmt.Sprintf("団体名に当たる団体が %d つあります (都道府県の列か団体コードが必要です): %s", len(amb.Candidates), entriesString(amb.Candidates)),
			fmt.Sprintf("the name denotes %d local governments (a prefecture column or a code is needed): %s", len(amb.Candidates), entriesString(amb.Candidates)))
		return lgcode.Entry{}, false
	}
	// Unknown: say what the name would be at other dates, if anything.
	hint := ""
	if pref != "" {
		if es, err := c.cfg.Codes.ByName(name, at, ""); err == nil {
			hint = " 都道府県を除くと / without the prefecture: " + entriesString(es)
		}
	}
	c.errorf(addr, name, fmt.Sprintf("%s 時点でこの名前の団体はありません%s", at.Format(time.DateOnly), hint),
		fmt.Sprintf("no local government of that name on %s%s", at.Format(time.DateOnly), hint))
	return lgcode.Entry{}, false
}

func (c *converter) isPrefName(t string, at time.Time) bool {
	es, err := c.cfg.Codes.ByName(t, at, "")
	return err == nil && es[0].Kind == lgcode.KindPrefecture
}

func (c *converter) prefOrTotal(r int, t string, at time.Time) (lgcode.Entry, bool) {
	if es, err := c.cfg.Codes.ByName(t, at, ""); err == nil && es[0].Kind == lgcode.KindPrefecture {
		return es[0], true
	}
	c.skip(r, "合計の行", "total row")
	c.brk("totals", t, "合計・全国計の行がある", "total rows in the table")
	return lgcode.Entry{}, false
}

// prefixed counts a name that denotes e with a county, island or
// prefecture before its official name (磯城郡三宅町, 北海道 札幌市): once per
// cell.
func (c *converter) prefixed(name string, e lgcode.Entry) {
	n, official := normHeading(name), normHeading(e.Name)
	if n != official && strings.HasSuffix(n, official) {
		c.brk("name-prefix", name, "団体名に郡・島などの語がついていて正式な名称と違う", "names with a county, island or other prefix, not the official name")
	}
}
