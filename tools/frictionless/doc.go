// Package frictionless implements the Frictionless Data Package v2 standard
// (datapackage.org, June 2024), with v1 descriptors still accepted: loading and
// checking descriptors, casting cells by Table Schema field types, and
// validating tabular resources streamed from CSV files.
//
// The standard is the authority. Where this package and the reference
// implementation (frictionless-py v5) differ, a comment cites the spec.
//
// Validation streams: memory grows with the key indexes that unique,
// primary and foreign keys need, never with the size of a file.
// With more than one CPU, one goroutine reads and casts the rows while
// another checks their keys; the report is the same byte for byte.
//
// Every problem is an *Error that says where it is (resource, file, line,
// column, row, field) and what was expected, in Japanese and English.
package frictionless
