package bundle

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver; this package is its only importer
)

// ident quotes an SQL identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// literal quotes an SQL string.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func sqlType(typ string) string {
	switch typ {
	case "integer", "boolean":
		return "INTEGER"
	case "number":
		return "REAL"
	}
	return "TEXT"
}

// sqlValue is a raw value as stored: NULL when empty, typed when the type
// says so.
func sqlValue(typ, v string) any {
	if v == "" {
		return nil
	}
	if typ == "date" {
		return v // ISO 8601 text, as SQLite's date functions take it
	}
	if typ == "boolean" {
		switch strings.ToLower(v) {
		case "true", "1":
			return int64(1)
		case "false", "0":
			return int64(0)
		}
		return v
	}
	return typed(typ, v, false)
}

// tableName is the SQL table of an indicator: its id with _ for -.
func tableName(id string) string { return strings.ReplaceAll(id, "-", "_") }

// sqlite is the edition as a SQLite database: the code table
// (local_governments), one table per indicator with figures, the
// explanation of the columns (columns), and the view ichiran, which is the
// 一覧表.
func (m *model) sqlite() ([]byte, error) {
	dir, err := os.MkdirTemp("", "ichiran-sqlite-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "ichiran.sqlite")
	db, err := sql.Open("sqlite", file)
	if err != nil {
		return nil, err
	}
	if err := m.fill(db); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(file)
}

func (m *model) fill(db *sql.DB) error {
	db.SetMaxOpenConns(1)
	for _, s := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA page_size=4096",
		fmt.Sprintf("PRAGMA user_version=%d", m.edition)} {
		if _, err := db.Exec(s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	insert := func(table string, cols []string, types []string, rows [][]string) error {
		defs := make([]string, len(cols))
		marks := make([]string, len(cols))
		for i, c := range cols {
			defs[i] = ident(c) + " " + sqlType(types[i])
			marks[i] = "?"
		}
		if _, err := tx.Exec("CREATE TABLE " + ident(table) + " (" + strings.Join(defs, ", ") + ")"); err != nil {
			return err
		}
		st, err := tx.Prepare("INSERT INTO " + ident(table) + " VALUES (" + strings.Join(marks, ", ") + ")")
		if err != nil {
			return err
		}
		defer st.Close()
		args := make([]any, len(cols))
		for _, r := range rows {
			for i := range args {
				args[i] = nil
				if i < len(r) {
					args[i] = sqlValue(types[i], r[i])
				}
			}
			if _, err := st.Exec(args...); err != nil {
				return err
			}
		}
		return nil
	}
	codeTypes := make([]string, len(m.codesCSV[0]))
	for i := range codeTypes {
		codeTypes[i] = "string"
	}
	if err := insert("local_governments", m.codesCSV[0], codeTypes, m.codesCSV[1:]); err != nil {
		return err
	}
	if _, err := tx.Exec("CREATE INDEX local_governments_code ON local_governments (code)"); err != nil {
		return err
	}
	for _, x := range m.active() {
		cols, types := make([]string, len(x.fields)), make([]string, len(x.fields))
		for i, f := range x.fields {
			cols[i], types[i] = f.Name, f.Type
		}
		// The derived counts are stored beside the figures they count.
		derived := x.ind.Derived()
		rows := x.rows
		if len(derived) > 0 {
			rows = make([][]string, len(x.rows))
			for j, r := range x.rows {
				rows[j] = append(slices.Clone(r), x.ind.Derive(x.asOf, func(name string) string {
					if k := slices.IndexFunc(x.fields, func(f field) bool { return f.Name == name }); k >= 0 {
						return r[k]
					}
					return ""
				})...)
			}
			for _, d := range derived {
				cols, types = append(cols, d.Name), append(types, "integer")
			}
		}
		if err := insert(tableName(x.ind.ID), cols, types, rows); err != nil {
			return err
		}
		t := tableName(x.ind.ID)
		if _, err := tx.Exec("CREATE INDEX " + ident(t+"_code_as_of") + " ON " + ident(t) + " (code, as_of)"); err != nil {
			return err
		}
	}
	lcols := m.columns()
	ex := m.explanation(lcols)
	exTypes := make([]string, len(explanationHeader))
	for i := range exTypes {
		exTypes[i] = "string"
	}
	if err := insert("columns", []string{"column", "heading", "description_ja", "description_en", "type", "as_of", "ministry", "source", "status", "sql_name"}, exTypes, ex); err != nil {
		return err
	}
	// The view: the in-scope municipalities in force on 30 June of the
	// edition, each indicator joined at its as-of date.
	d := literal(m.deadline.Format("2006-01-02"))
	var sel []string
	var joins []string
	for i, c := range lcols {
		var expr string
		switch {
		case c.x == nil:
			expr = "m." + []string{"code", "prefecture", "name", "reading"}[i]
		case c.derived > 0:
			expr = "t_" + tableName(c.x.ind.ID) + "." + ident(c.x.ind.Derived()[c.derived-1].Name)
		case c.field < 0:
			expr = literal(c.Const)
		default:
			expr = "t_" + tableName(c.x.ind.ID) + "." + ident(c.x.fields[c.field].Name)
			if c.Type == "boolean" {
				expr = "CASE " + expr + " WHEN 1 THEN '○' WHEN 0 THEN '×' END"
			}
		}
		sel = append(sel, expr+" AS "+ident(c.SQL))
	}
	for _, x := range m.active() {
		t := "t_" + tableName(x.ind.ID)
		joins = append(joins, fmt.Sprintf("LEFT JOIN %s AS %s ON %s.code = m.code AND %s.as_of = %s", ident(tableName(x.ind.ID)), t, t, t, literal(x.date())))
	}
	inForce := "CREATE VIEW local_governments_in_force AS SELECT * FROM local_governments" +
		" WHERE (valid_from IS NULL OR valid_from = '' OR valid_from <= " + d + ") AND (valid_to IS NULL OR valid_to = '' OR valid_to >= " + d + ")"
	if _, err := tx.Exec(inForce); err != nil {
		return fmt.Errorf("view: %w", err)
	}
	view := "CREATE VIEW ichiran AS SELECT " + strings.Join(sel, ", ") + " FROM local_governments_in_force AS m " + strings.Join(joins, " ") +
		" WHERE m.kind IN ('city', 'town', 'village', 'special-ward') ORDER BY m.code"
	if _, err := tx.Exec(view); err != nil {
		return fmt.Errorf("view: %w", err)
	}
	return tx.Commit()
}
