package server

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// transferRoutes registers the CSV import and export of docs/contract.md §4: the
// same files as `contactgraph import` and `export`, over HTTP.
func (s *Server) transferRoutes(g *gin.RouterGroup) {
	g.POST("/import", s.importFiles)
	g.GET("/export", s.exportFiles)
}

// boolParam reads an optional true/false query parameter.
func boolParam(v string, name string, p *graph.Problems) bool {
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil || (v != "true" && v != "false") {
		p.Add(name, "%q: want true or false", clipValue(v))
	}
	return b
}

// uploadForm reads the request's multipart form. When it cannot, it
// records the problem on c (413 past the body limit, 415 for another
// media type, naming what to send, 400 for a broken upload of what is
// expected) and reports false.
func uploadForm(c *gin.Context, send, of string) (*multipart.Form, bool) {
	form, err := c.MultipartForm()
	if err == nil {
		return form, true
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		_ = c.Error(tooLarge(mbe.Limit))
	case errors.Is(err, http.ErrNotMultipart):
		_ = c.Error(&httpError{status: http.StatusUnsupportedMediaType,
			detail: fmt.Sprintf("Content-Type %q is not supported: send multipart/form-data with %s", c.GetHeader("Content-Type"), send)})
	default:
		_ = c.Error(graph.Errorf(graph.EINVALID, "want a multipart/form-data upload of %s: %v", of, err))
	}
	return nil, false
}

// importFiles takes a multipart upload whose parts are units.csv,
// accounts.csv, employees.csv, customers.csv and relationships.csv (any
// subset, each once) and imports them: all or nothing unless skipInvalid.
// Every bad row is named as "file:line: column" in the problem's errors.
func (s *Server) importFiles(c *gin.Context) {
	v, err := query(c, "skipInvalid", "dryRun")
	if err != nil {
		_ = c.Error(err)
		return
	}
	var probs graph.Problems
	opts := seed.ImportOptions{SkipInvalid: boolParam(v.Get("skipInvalid"), "skipInvalid", &probs),
		DryRun: boolParam(v.Get("dryRun"), "dryRun", &probs)}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	form, ok := uploadForm(c, fmt.Sprintf("any of %v, or a zip of them", seed.Files), fmt.Sprint(seed.Files))
	if !ok {
		return
	}
	defer func() { _ = form.RemoveAll() }()
	files := seed.OpenerFS{}
	add := func(field, name string, open seed.Opener) {
		if !slices.Contains(seed.Files, name) {
			probs.Add(field, "file %q is not an import file: want any of %v, or a zip of them", clipValue(name), seed.Files)
			return
		}
		if _, dup := files[name]; dup {
			probs.Add(field, "file %q is uploaded twice", name)
			return
		}
		files[name] = open
	}
	for field, headers := range form.File {
		for _, fh := range headers {
			name := path.Base(fh.Filename)
			if !strings.EqualFold(path.Ext(name), ".zip") {
				add(field, name, opener(fh))
				continue
			}
			// A zip, as GET /export gives it: its files count as uploaded.
			entries, f, err := zipEntries(fh)
			if f != nil {
				defer func() { _ = f.Close() }()
			}
			if err != nil {
				probs.Add(field, "file %q is not a readable zip: %v", clipValue(name), err)
				continue
			}
			for _, e := range entries {
				add(field, path.Base(e.Name), e.Open)
			}
		}
	}
	if len(files) == 0 && len(probs) == 0 {
		probs.Add("files", "no files uploaded: want any of %v", seed.Files)
	}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	rep, err := seed.Import(c.Request.Context(), s.store, files, opts)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// zipEntries lists the files of an uploaded zip.
// The entries read from the returned file, which the caller closes after
// the import.
func zipEntries(fh *multipart.FileHeader) ([]*zip.File, multipart.File, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, nil, err
	}
	z, err := zip.NewReader(f, fh.Size)
	if err != nil {
		return nil, f, err
	}
	var out []*zip.File
	for _, e := range z.File {
		if !e.FileInfo().IsDir() {
			out = append(out, e)
		}
	}
	return out, f, nil
}

func opener(fh *multipart.FileHeader) seed.Opener {
	return func() (io.ReadCloser, error) { return fh.Open() }
}

// exportFiles answers a zip of the five CSV files. Private relationships
// stay out unless an admin asks for includePrivate (a full backup). The zip
// is built in a temporary file first, so that a failure is still a problem.
func (s *Server) exportFiles(c *gin.Context) {
	v, err := query(c, "includePrivate")
	if err != nil {
		_ = c.Error(err)
		return
	}
	var probs graph.Problems
	opts := seed.ExportOptions{IncludePrivate: boolParam(v.Get("includePrivate"), "includePrivate", &probs)}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	if opts.IncludePrivate && principalOf(c.Request.Context()).Role != RoleAdmin {
		_ = c.Error(graph.Errorf(graph.EFORBIDDEN, "only admins may export private relationships"))
		return
	}
	tmp, err := os.CreateTemp("", "contactgraph-export-*.zip")
	if err != nil {
		_ = c.Error(fmt.Errorf("server: export: %w", err))
		return
	}
	defer func() { _ = tmp.Close(); _ = os.Remove(tmp.Name()) }()
	if _, err := seed.ExportZip(c.Request.Context(), s.store, tmp, opts); err != nil {
		_ = c.Error(err)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		_ = c.Error(fmt.Errorf("server: export: %w", err))
		return
	}
	name := "contactgraph-export-" + time.Now().UTC().Format("20060102-150405") + ".zip"
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.DataFromReader(http.StatusOK, size, "application/zip", tmp, nil)
}
