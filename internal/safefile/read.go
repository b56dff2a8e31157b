package safefile

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
)

// Size limits of the files se06 reads. They are far above any real file
// (a 10,000-environment snapshot is about 20 MB) and stop a mistaken
// --answers /dev/zero before it eats the machine's memory.
const (
	MiB            = 1 << 20
	LimitAnswers   = 8 * MiB
	LimitDocument  = 512 * MiB // assessments and snapshots
	LimitFont      = 64 * MiB
	LimitSmallJSON = 1 * MiB // configuration files
)

// TooLargeError says which limit a file passed.
type TooLargeError struct {
	Path  string
	What  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: the %s is larger than the %s limit; is this the right file?", e.Path, e.What, sizeText(e.Limit))
}

func sizeText(n int64) string {
	if n >= MiB && n%MiB == 0 {
		return fmt.Sprintf("%d MiB", n/MiB)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads an input file of at most limit bytes; what names it in
// messages ("answers file"). A read blocked on a FIFO or a slow mount ends
// when ctx does (the abandoned read finishes or dies with the process).
func ReadFile(ctx context.Context, path, what string, limit int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readCapped(path, what, limit)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("read %s %s: %w", what, path, ctx.Err())
	}
}

func readCapped(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("read %s %s: it is a folder, not a file", what, path)
	}
	if st.Mode().IsRegular() && st.Size() > limit {
		return nil, &TooLargeError{Path: path, What: what, Limit: limit}
	}
	var buf bytes.Buffer
	if st.Mode().IsRegular() {
		buf.Grow(int(st.Size()) + 512) // one allocation, as os.ReadFile does
	}
	_, err = buf.ReadFrom(io.LimitReader(f, limit+1))
	data := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: path, What: what, Limit: limit}
	}
	return data, nil
}
