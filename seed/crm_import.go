package seed

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// ImportCRM imports the CSV exports of a CRM from the root of fsys: the
// file of users (or owners), of accounts (companies) and of contacts that
// m names (CRMMapping has the presets of Salesforce, HubSpot and Dynamics
// 365; ParseMapping reads a mapping file of one's own).
//
// Users become employees, accounts accounts (their owner resolved among
// the users of the export by id, email or full name, else among the
// stored employees by email or name, else taken as an employee id),
// contacts customers (their account resolved by id or name the same way).
// Ids are the export's, with the mapping's prefix, made valid (crmID). An
// employee's unit is made from its unit column (a department, team or
// business unit: "<default unit id>-<slug of its name>", below the
// default unit), or is m.Unit when that column is empty or absent; those
// units are created when the store lacks them. No relationship is made:
// an owner of an account or contact is not known to trust anyone.
//
// The export is translated into our files in memory and imported by
// Import, with its validation, dry run, SkipInvalid, batches and report;
// every problem names the export's file, line and column. Columns that
// the mapping does not name are ignored; a header that names none of the
// mapped columns, or repeats one, rejects the file, and one without a
// required column (id, name, email of users) too.
func ImportCRM(ctx context.Context, s graph.Store, fsys fs.FS, m Mapping, o ImportOptions) (ImportReport, error) {
	rep := ImportReport{DryRun: o.DryRun}
	if err := m.Validate(); err != nil {
		return rep, err
	}
	found, ignored, err := findExport(fsys, m)
	if err != nil {
		return rep, err
	}
	t := newCRMTranslator(s, m)
	files, tr, err := t.translate(ctx, fsys, found)
	if err != nil {
		return rep, err
	}
	rep, err = importFiles(ctx, s, BytesFS(files), o, tr)
	rep.Ignored = ignored
	return rep, err
}

// findExport returns the export's file of each kind m maps, and the other
// files of the root.
func findExport(fsys fs.FS, m Mapping) (found map[string]string, ignored []string, err error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("seed: import: %w", err)
	}
	found = map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		var kinds []string
		for _, file := range crmFiles {
			if obj := m.Objects[file]; obj != nil && matchAny(obj.Files, e.Name()) {
				kinds = append(kinds, file)
			}
		}
		switch len(kinds) {
		case 0:
			ignored = append(ignored, e.Name())
			continue
		case 1:
		default:
			return nil, nil, graph.Errorf(graph.EINVALID, "%s is both a %s export's file of %s and of %s: name the files in a mapping file (--map)",
				e.Name(), m.System, crmKind[kinds[0]], crmKind[kinds[1]])
		}
		if prev, ok := found[kinds[0]]; ok {
			return nil, nil, graph.Errorf(graph.EINVALID, "%s and %s are both a %s export's file of %s: import one at a time or name the file in a mapping file (--map)",
				prev, e.Name(), m.System, crmKind[kinds[0]])
		}
		found[kinds[0]] = e.Name()
	}
	if len(found) == 0 {
		var want []string
		for _, file := range crmFiles {
			if obj := m.Objects[file]; obj != nil {
				want = append(want, crmKind[file]+" "+strings.Join(obj.Files, " or "))
			}
		}
		return nil, nil, graph.Errorf(graph.EINVALID, "no %s export files found: want %s", m.System, strings.Join(want, ", "))
	}
	return found, ignored, nil
}

// matchAny matches a file name against patterns, in any case.
func matchAny(patterns []string, name string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool {
		ok, _ := path.Match(strings.ToLower(p), strings.ToLower(name))
		return ok
	})
}
