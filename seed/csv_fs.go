package seed

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Opener opens one file of an import. Import may call it more than once
// (it reads files twice), e.g. multipart.FileHeader.Open.
type Opener func() (io.ReadCloser, error)

// OpenerFS is an fs.FS of named openers, for imports whose files do not sit
// in a directory: the parts of a multipart upload, or files in memory
// (BytesFS). Every name is at the root. Import also takes any other fs.FS:
// os.DirFS for a directory, a *zip.Reader for an uploaded zip.
type OpenerFS map[string]Opener

var _ fs.ReadDirFS = OpenerFS(nil)

// BytesFS serves files held in memory.
func BytesFS(files map[string][]byte) OpenerFS {
	o := OpenerFS{}
	for name, data := range files {
		o[name] = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	}
	return o
}

// Open opens the file name.
func (o OpenerFS) Open(name string) (fs.File, error) {
	op, ok := o[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	rc, err := op()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return openedFile{rc, fileInfo(name)}, nil
}

// ReadDir lists the files (only the root, ".", exists).
func (o OpenerFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(o))
	for n := range o {
		out = append(out, fs.FileInfoToDirEntry(fileInfo(n)))
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return cmp.Compare(a.Name(), b.Name()) })
	return out, nil
}

type openedFile struct {
	io.ReadCloser
	info fileInfo
}

func (f openedFile) Stat() (fs.FileInfo, error) { return f.info, nil }

// fileInfo describes a file of an OpenerFS; its size is unknown (0).
type fileInfo string

func (n fileInfo) Name() string       { return string(n) }
func (n fileInfo) Size() int64        { return 0 }
func (n fileInfo) Mode() fs.FileMode  { return 0o444 }
func (n fileInfo) ModTime() time.Time { return time.Time{} }
func (n fileInfo) IsDir() bool        { return false }
func (n fileInfo) Sys() any           { return nil }

// MemFiles collects files in memory: its Create is a file creator for
// Export, WriteSynthetic and the converters, its FS feeds them to Import.
type MemFiles struct {
	files map[string]*bytes.Buffer
}

// Create returns a new empty file name, replacing one of the same name.
func (m *MemFiles) Create(name string) (io.Writer, error) {
	if m.files == nil {
		m.files = map[string]*bytes.Buffer{}
	}
	b := &bytes.Buffer{}
	m.files[name] = b
	return b, nil
}

// Bytes returns the content of each file.
func (m *MemFiles) Bytes() map[string][]byte {
	out := make(map[string][]byte, len(m.files))
	for name, b := range m.files {
		out[name] = b.Bytes()
	}
	return out
}

// FS returns the files as an fs.FS.
func (m *MemFiles) FS() OpenerFS { return BytesFS(m.Bytes()) }

// DirWriter creates buffered files in a directory, for Export,
// WriteSynthetic and the converters. Close flushes and closes them all.
type DirWriter struct {
	dir   string
	files []*os.File
	bufs  []*bufio.Writer
}

// NewDirWriter creates dir if needed.
func NewDirWriter(dir string) (*DirWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &DirWriter{dir: dir}, nil
}

// Create creates (or truncates) the file name in the directory.
func (d *DirWriter) Create(name string) (io.Writer, error) {
	f, err := os.Create(filepath.Join(d.dir, name))
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriterSize(f, 256<<10)
	d.files = append(d.files, f)
	d.bufs = append(d.bufs, b)
	return b, nil
}

// Close flushes and closes every file created, joining their errors.
func (d *DirWriter) Close() error {
	var errs []error
	for i, f := range d.files {
		errs = append(errs, d.bufs[i].Flush(), f.Close())
	}
	d.files, d.bufs = nil, nil
	return errors.Join(errs...)
}
