package seed

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactgraph/contactgraph/graph"
)

// job is one batch of one file's valid rows.
type job struct {
	file  string
	batch graph.Batch
	rows  int
}

// write is the second pass: one goroutine reads the files again and builds
// batches of their valid rows while this one writes them, so that parsing
// and the store's work overlap. It stops between batches when ctx ends.
func (imp *importer) write(ctx context.Context) error {
	total := 0
	for _, f := range imp.files {
		total += f.rows - f.invalidCount()
	}
	jobs := make(chan job, 2)
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	readErr := make(chan error, 1)
	go func() {
		err := imp.produce(readCtx, jobs)
		close(jobs)
		readErr <- err
	}()

	done := 0
	var err error
	for j := range jobs {
		if err != nil {
			continue // drain: the reader stops at its next batch
		}
		if ctx.Err() != nil {
			err = fmt.Errorf("seed: %w after %d of %d rows: %w", errInterrupted, done, total, ctx.Err())
			stopReading()
			continue
		}
		// The batch in flight completes even when ctx ends meanwhile: the
		// import stops between batches and knows what it wrote.
		res, werr := imp.s.Batch(context.WithoutCancel(ctx), j.batch)
		if werr != nil {
			err = fmt.Errorf("seed: import: write %s after %d of %d rows: %w", j.file, done, total, werr)
			stopReading()
			continue
		}
		imp.files[j.file].written += j.rows
		imp.files[j.file].created += res.Created
		done += j.rows
		if imp.o.Progress != nil {
			imp.o.Progress(Progress{Phase: PhaseWrite, File: j.file, Rows: done, Total: total})
		}
	}
	rerr := <-readErr
	switch {
	case err != nil:
		return err
	case rerr != nil && ctx.Err() != nil && done < total:
		return fmt.Errorf("seed: %w after %d of %d rows: %w", errInterrupted, done, total, ctx.Err())
	case rerr != nil && !errors.Is(rerr, context.Canceled):
		return rerr
	}
	return nil
}

// produce reads the valid rows of every file, in import order, and sends
// them in batches: all units in one (a parent may come after its child),
// everything else in batches of BatchSize.
func (imp *importer) produce(ctx context.Context, jobs chan<- job) error {
	for _, name := range Files {
		f := imp.files[name]
		if f == nil || f.rejected || f.invalidCount() == f.rows {
			continue
		}
		if err := imp.produceFile(ctx, f, jobs); err != nil {
			return err
		}
	}
	return nil
}

func (imp *importer) produceFile(ctx context.Context, f *fileState, jobs chan<- job) (err error) {
	c, err := openCSV(imp.fsys, f.name)
	if err != nil {
		return fmt.Errorf("seed: import: reopen: %w", err)
	}
	defer func() { err = errors.Join(err, c.Close()) }()
	limit := imp.o.BatchSize
	if f.name == UnitsFile {
		limit = int(^uint(0) >> 1)
	}
	var b graph.Batch
	n := 0
	send := func() error {
		if n == 0 {
			return nil
		}
		select {
		case jobs <- job{file: f.name, batch: b, rows: n}:
		case <-ctx.Done():
			return ctx.Err()
		}
		b, n = graph.Batch{}, 0
		return nil
	}
	for {
		more, probs, err := c.next()
		if err != nil {
			return fmt.Errorf("seed: import: %w", err)
		}
		if !more {
			break
		}
		if !f.ok(c.row) || len(probs) > 0 {
			continue
		}
		appendRow(c, &b)
		if n++; n >= limit {
			if err := send(); err != nil {
				return err
			}
		}
	}
	return send()
}

// appendRow adds the entity of the current (valid) row to b.
func appendRow(c *csvReader, b *graph.Batch) {
	switch c.file {
	case UnitsFile:
		u, _ := readUnit(c, false)
		b.Units = append(b.Units, u)
	case EmployeesFile:
		e, _ := readEmployee(c, false)
		b.Employees = append(b.Employees, e)
	case AccountsFile:
		a, _ := readAccount(c, false)
		b.Accounts = append(b.Accounts, a)
	case CustomersFile:
		cu, _ := readCustomer(c, false)
		b.Customers = append(b.Customers, cu)
	case RelationshipsFile:
		r, _ := readRelationship(c, false)
		b.Relationships = append(b.Relationships, r)
	}
}
