package assess

import "testing"

func TestLoadBank(t *testing.T) {
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Questions()) == 0 {
		t.Fatal("no questions")
	}
}
