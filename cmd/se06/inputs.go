package main

import (
	"context"
	"fmt"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/ppwaf/se06/internal/termsafe"
)

// The input files of the commands are read here: with a size cap (a clear
// error naming it) and so that Ctrl+C or SIGTERM ends a read blocked on a
// FIFO; warnings go to stderr, sanitised.

func (a *app) warn(file string, ps []assess.Problem) {
	for _, p := range ps {
		fmt.Fprintf(a.stderr, "%s: warning: %s\n", termsafe.Line(file), termsafe.Line(p.String()))
	}
}

func (a *app) readAssessment(ctx context.Context, path string, b *assess.Bank) (*assess.Assessment, error) {
	data, err := safefile.ReadFile(ctx, path, "assessment", safefile.LimitDocument)
	if err != nil {
		return nil, err
	}
	asm, warns, err := assess.ParseAssessment(data, path, b)
	if err != nil {
		return nil, err
	}
	a.warn(path, warns)
	return asm, nil
}

func (a *app) readFacts(ctx context.Context, path string) (*assess.Facts, error) {
	data, err := safefile.ReadFile(ctx, path, "facts snapshot", safefile.LimitDocument)
	if err != nil {
		return nil, err
	}
	f, warns, err := assess.ParseFactsFile(data, path)
	if err != nil {
		return nil, err
	}
	a.warn(path, warns)
	return f, nil
}

func (a *app) readAnswers(ctx context.Context, path string, b *assess.Bank) (*assess.Assessment, error) {
	data, err := safefile.ReadFile(ctx, path, "answers file", safefile.LimitAnswers)
	if err != nil {
		return nil, err
	}
	return assess.ParseAnswersFile(data, path, b)
}
