package main

import (
	"slices"

	"github.com/ttdn/monitor/index/store"
)

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// lockForTest holds a data dir's lock as another process would.
func lockForTest(dir string) (func() error, error) { return store.LockDir(dir) }
