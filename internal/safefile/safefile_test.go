package safefile

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestIsStdout(t *testing.T) {
	for _, p := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		if !IsStdout(p) {
			t.Errorf("IsStdout(%q) = false", p)
		}
	}
	for _, p := range []string{"", "stdout", "./-", "/dev/stderr", "/dev/null"} {
		if IsStdout(p) {
			t.Errorf("IsStdout(%q) = true", p)
		}
	}
}

// TestWriteReplacesAtomically: every save is a new file renamed over the old
// one (an in-place write keeps the identity and fails this), the permissions
// of the existing file are kept, and the backup holds the previous bytes.
func TestWriteReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.json")
	write(t, p, "one")
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(p)
	if err := Write(context.Background(), p, []byte("two"), WriteOptions{Backup: true}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p)
	if os.SameFile(before, after) {
		t.Error("the file kept its identity: written in place, not replaced")
	}
	if got := readString(t, p); got != "two" {
		t.Errorf("content %q", got)
	}
	if got := readString(t, p+".bak"); got != "one" {
		t.Errorf("backup %q, want the previous content", got)
	}
	if after.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", after.Mode().Perm())
	}
	// A hard link elsewhere keeps the old bytes: the name was replaced, not the inode written.
	link := filepath.Join(dir, "hard")
	if err := os.Link(p, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), p, []byte("three"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, link); got != "two" {
		t.Errorf("hard link now reads %q: the inode was written in place", got)
	}
	fresh := filepath.Join(dir, "new.pdf")
	if err := Write(context.Background(), fresh, []byte("x"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Errorf("a new file is %v, want 0600 (reports hold tenant details)", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestWriteThroughSymlink: the link stays a link and its target gets the bytes.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "real")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(sub, "target.json")
	write(t, target, "old")
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("real/target.json", link); err != nil {
		t.Skipf("cannot create a symlink here: %v", err)
	}
	if err := Write(context.Background(), link, []byte("new"), WriteOptions{Backup: true}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Lstat(link)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v %v", st.Mode(), err)
	}
	if got := readString(t, target); got != "new" {
		t.Errorf("target reads %q", got)
	}
	if got := readString(t, target+".bak"); got != "old" {
		t.Errorf("backup beside the target reads %q", got)
	}
	// A dangling link creates its target.
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink("real/created.json", dangling); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), dangling, []byte("c"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, filepath.Join(sub, "created.json")); got != "c" {
		t.Errorf("dangling link target reads %q", got)
	}
	// A loop is an error, not a hang.
	loop := filepath.Join(dir, "loop")
	_ = os.Symlink("loop", loop)
	if err := Write(context.Background(), loop, []byte("x"), WriteOptions{}); err == nil || !strings.Contains(err.Error(), "symbolic links") {
		t.Errorf("symlink loop: %v", err)
	}
}

// TestRefusesNonRegular: devices, FIFOs, sockets and folders are refused and
// left as they were. Each case runs where the OS lets the test create it and
// says why it skips otherwise.
func TestRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]func(path string) error{
		"a folder": func(p string) error { return os.Mkdir(p, 0o755) },
		"a FIFO (named pipe)": func(p string) error {
			if runtime.GOOS == "windows" {
				return errors.New("no FIFOs on Windows")
			}
			return mkfifo(p)
		},
		"a socket": func(p string) error {
			l, err := net.Listen("unix", p)
			if err == nil {
				t.Cleanup(func() { l.Close() })
			}
			return err
		},
		"a character device": func(p string) error { return mknodNull(p) },
	}
	for kind, create := range cases {
		t.Run(kind, func(t *testing.T) {
			p := filepath.Join(dir, strings.Fields(kind)[1])
			if err := create(p); err != nil {
				t.Skipf("cannot create %s here (%v); the refusal is not exercised on this system", kind, err)
			}
			before, _ := os.Lstat(p)
			err := Write(context.Background(), p, []byte("x"), WriteOptions{})
			var nr *NotRegularError
			if !errors.As(err, &nr) || nr.Kind != kind {
				t.Fatalf("Write to %s: %v, want a NotRegularError naming %s", kind, err, kind)
			}
			if !strings.Contains(err.Error(), "- for standard output") {
				t.Errorf("message does not say how to write to stdout: %v", err)
			}
			after, err := os.Lstat(p)
			if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
				t.Errorf("%s was replaced: %v → %v (%v)", kind, before.Mode(), after.Mode(), err)
			}
			// Through a symlink, too.
			link := p + ".link"
			if err := os.Symlink(p, link); err == nil {
				if err := CheckOutput(link); !errors.As(err, &nr) {
					t.Errorf("a symlink to %s is not refused: %v", kind, err)
				}
			}
		})
	}
	if err := CheckOutput(filepath.Join(dir, "missing", "x.pdf")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
	if err := CheckOutput("/dev/stdout"); err != nil {
		t.Errorf("/dev/stdout: %v", err)
	}
}

func TestCheckCollisions(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	write(t, in, "{}")
	hard := filepath.Join(dir, "hard.json")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("in.json", link); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	_ = os.Mkdir(sub, 0o755)
	subLink := filepath.Join(dir, "sublink")
	_ = os.Symlink("sub", subLink)
	wd, _ := os.Getwd()
	rel, _ := filepath.Rel(wd, in)
	inputs := []Named{{"--answers", "absent.yaml"}, {"--facts", in}}
	for _, c := range []struct {
		name    string
		outputs []Named
		want    string // substring of the error; "" for none
	}{
		{"distinct", []Named{{"--pdf", filepath.Join(dir, "r.pdf")}, {"--json", filepath.Join(dir, "r.json")}, {"--csv", "-"}, {"--md", "-"}}, ""},
		{"same path", []Named{{"--json", in}}, "--json " + in + " is the same file as --facts"},
		{"other spelling", []Named{{"--json", rel}}, "is the same file as --facts"},
		{"dot segments", []Named{{"--json", filepath.Join(dir, "sub", "..", "in.json")}}, "is the same file as --facts"},
		{"hard link", []Named{{"--save", hard}}, "--save " + hard + " is the same file as --facts"},
		{"symlink", []Named{{"--pdf", link}}, "is the same file as --facts"},
		{"two new outputs", []Named{{"--save", filepath.Join(dir, "n.json")}, {"--json", filepath.Join(sub, "n.json")}}, ""},
		{"two new outputs, same", []Named{{"--save", filepath.Join(sub, "n.json")}, {"--json", filepath.Join(subLink, "n.json")}}, "--save " + filepath.Join(sub, "n.json") + " and --json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckCollisions(inputs, c.outputs)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("unexpected: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestStaleTempsRemoved: a killed writer's temporary file (its process is
// gone, or it is old) goes on the next successful write; a live writer's
// and other files' temporaries stay.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.se06.json")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid                              // reaped: no process has this ID now (reuse within the test is unlikely)
	old := filepath.Join(dir, ".a.se06.json.123456.tmp") // an earlier version's name, without a PID
	deadTmp := filepath.Join(dir, ".a.se06.json."+strconv.Itoa(dead)+".987.tmp")
	liveTmp := filepath.Join(dir, ".a.se06.json."+strconv.Itoa(os.Getppid())+".555.tmp")
	recent := filepath.Join(dir, ".a.se06.json.777.tmp")
	other := filepath.Join(dir, ".a.se06.json.bak.1.2.tmp")
	for _, f := range []string{old, deadTmp, liveTmp, recent, other} {
		write(t, f, "leftover")
	}
	hourAgo := time.Now().Add(-2 * staleAge)
	if err := os.Chtimes(old, hourAgo, hourAgo); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), p, []byte("x"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]bool{old: false, deadTmp: runtime.GOOS == "windows", liveTmp: true, recent: true, other: true} {
		_, err := os.Stat(f)
		if exists := err == nil; exists != want {
			t.Errorf("%s: exists=%v, want %v", filepath.Base(f), exists, want)
		}
	}
}

func TestReadFileCapped(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.yaml")
	write(t, p, strings.Repeat("x", 2048))
	_, err := ReadFile(context.Background(), p, "answers file", 1024)
	var tl *TooLargeError
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "answers file is larger than the 1024 bytes limit") {
		t.Errorf("regular file over the cap: %v", err)
	}
	if data, err := ReadFile(context.Background(), p, "answers file", 4096); err != nil || len(data) != 2048 {
		t.Errorf("under the cap: %d bytes, %v", len(data), err)
	}
	// A stream that never ends stops at the cap (the size is unknown up front).
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err := ReadFile(context.Background(), "/dev/zero", "answers file", 8*MiB)
		if !errors.As(err, &tl) || !strings.Contains(err.Error(), "8 MiB limit") {
			t.Errorf("/dev/zero: %v", err)
		}
	} else {
		t.Log("no /dev/zero here: the endless-stream case is not exercised")
	}
	if _, err := ReadFile(context.Background(), dir, "answers file", 1024); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
}

// TestReadFileInterruptible: a read blocked on a FIFO nobody writes ends
// when the context does.
func TestReadFileInterruptible(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := mkfifo(p); err != nil {
		t.Skipf("cannot create a FIFO here (%v); the blocked-read case is not exercised", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := ReadFile(ctx, p, "answers file", 1024)
		done <- err
	}()
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	// Unblock the abandoned open so the goroutine ends with the test.
	if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}

func TestWriteHonoursContext(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.json")
	write(t, p, "old")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, p, []byte("new"), WriteOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
	if got := readString(t, p); got != "old" {
		t.Errorf("a cancelled write changed the file: %q", got)
	}
}

// TestWriteStreamFailureKeepsFile: a writer that fails half way (after more
// than the buffer holds) leaves the existing file as it was and no temporary
// file behind; one that succeeds replaces it whole.
func TestWriteStreamFailureKeepsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	write(t, path, "old")
	boom := errors.New("boom")
	err := WriteStream(context.Background(), path, func(w io.Writer) error {
		if _, err := w.Write([]byte(strings.Repeat("x", 200<<10))); err != nil {
			return err
		}
		return boom
	}, WriteOptions{})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if got := readString(t, path); got != "old" {
		t.Errorf("file is %d bytes after a failed stream, want the old content", len(got))
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("left behind: %v", es)
	}
	want := strings.Repeat("y", 300<<10)
	if err := WriteStream(context.Background(), path, func(w io.Writer) error {
		for i := 0; i < len(want); i += 1000 {
			if _, err := io.WriteString(w, want[i:min(i+1000, len(want))]); err != nil {
				return err
			}
		}
		return nil
	}, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, path); got != want {
		t.Errorf("streamed file is %d bytes, want %d", len(got), len(want))
	}
}

// TestWriteRefusesStandardOutput: a write names a file; standard output's
// names are refused before anything is touched (as a file, /dev/stdout
// would replace the device it points to).
func TestWriteRefusesStandardOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, p := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		err := Write(context.Background(), p, []byte("x"), WriteOptions{Backup: true})
		if err == nil || !strings.Contains(err.Error(), "standard output") {
			t.Errorf("Write(%q) = %v, want a refusal naming standard output", p, err)
		}
	}
	if es, _ := os.ReadDir("."); len(es) != 0 {
		t.Errorf("a refused write left %v", es)
	}
}
