//go:build !linux

package frictionless

// hugePages does nothing but on Linux (see hugepages_linux.go).
func hugePages[T any](s []T) {}
