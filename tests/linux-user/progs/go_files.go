// go_files: os file I/O in a new temporary directory: WriteFile,
// ReadFile, append, Stat, ReadDir, Rename, bufio line reading, Remove;
// and os.Pipe, which Go reads and writes non-blocking through its netpoll
// (epoll, edge-triggered): 1 MiB through it from another goroutine.
package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func check(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}

func main() {
	dir, err := os.MkdirTemp("", "rvmmu-go-files")
	check(err)
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "a.txt")
	check(os.WriteFile(p, []byte("line one\nline two\n"), 0o644))
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	check(err)
	for i := 3; i <= 5; i++ {
		fmt.Fprintf(f, "line %d\n", i)
	}
	check(f.Close())
	st, err := os.Stat(p)
	check(err)
	fmt.Println("size:", st.Size(), "mode:", st.Mode().Perm(), "regular:", st.Mode().IsRegular())
	check(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	check(os.Rename(p, filepath.Join(dir, "sub", "b.txt")))
	entries, err := os.ReadDir(dir)
	check(err)
	for _, e := range entries {
		fmt.Println("entry:", e.Name(), e.IsDir())
	}
	r, err := os.Open(filepath.Join(dir, "sub", "b.txt"))
	check(err)
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		if strings.HasSuffix(sc.Text(), "4") {
			fmt.Println("found:", sc.Text())
		}
	}
	r.Close()
	fmt.Println("lines:", n)
	_, err = os.Stat(p)
	fmt.Println("old name gone:", os.IsNotExist(err))
	_, err = os.ReadFile(filepath.Join(dir, "missing"))
	fmt.Println("missing:", os.IsNotExist(err))

	pr, pw, err := os.Pipe()
	check(err)
	go func() {
		chunk := make([]byte, 10000)
		for i := 0; i < 100; i++ {
			for k := range chunk {
				chunk[k] = byte(i + k)
			}
			if _, err := pw.Write(chunk); err != nil {
				fmt.Println("pipe write:", err)
			}
		}
		pw.Close()
	}()
	h := sha256.New()
	got, err := io.Copy(h, pr)
	fmt.Printf("pipe: %d bytes, %v, sha256 %x\n", got, err, h.Sum(nil)[:8])
	pr.Close()
}
