// go_gc: maps, slices and strings allocated until the garbage collector
// runs many times; a finalizer-free check that what is kept survives.
package main

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
)

type node struct {
	next *node
	val  [8]int64
}

func main() {
	m := map[string]int{}
	for i := 0; i < 100000; i++ {
		m["k"+strconv.Itoa(i%5000)] += i
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("keys:", len(keys), keys[0], m[keys[0]], keys[len(keys)-1], m[keys[len(keys)-1]])

	var keep *node
	total := int64(0)
	for round := 0; round < 40; round++ {
		var list *node
		for i := 0; i < 20000; i++ {
			n := &node{next: list}
			n.val[0] = int64(i)
			list = n
		}
		if round%10 == 0 {
			n := &node{next: keep}
			n.val[0] = int64(round)
			keep = n
		}
		for n := list; n != nil; n = n.next {
			total += n.val[0]
		}
	}
	kept := []int64{}
	for n := keep; n != nil; n = n.next {
		kept = append(kept, n.val[0])
	}
	runtime.GC()
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	fmt.Println("total:", total, "kept:", kept, "gc ran:", st.NumGC > 0)

	big := make([][]byte, 0)
	for i := 0; i < 64; i++ {
		big = append(big, make([]byte, 1<<20))
		big[i][i] = byte(i)
		if len(big) > 8 {
			big[len(big)-9] = nil
		}
	}
	fmt.Println("last MiB byte:", big[63][63])
}
