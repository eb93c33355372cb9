package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/index/store"
)

func newBackupCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup --out FILE",
		Short: "write a consistent snapshot of the archive (safe while the service runs)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("--out is required")
			}
			return a.runBackup(cmd.Context(), out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "backup file to write")
	return cmd
}

// runBackup snapshots the store with VACUUM INTO through its own
// connection, so it needs no lock and a running service keeps writing.
// The search index is derived data: restore rebuilds it from the store.
func (a *app) runBackup(ctx context.Context, out string) error {
	path := filepath.Join(a.cfg.Data, storeFile)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no archive to back up in %s: %w", a.cfg.Data, err)
	}
	st, err := store.OpenExisting(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	tmp := out + ".tmp"
	_ = os.Remove(tmp)
	if err := st.Backup(ctx, tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(a.stdout, "backup written to %s (the search index is rebuilt on restore)\n", out)
	return nil
}

func newRestoreCmd(a *app) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "restore --from FILE",
		Short: "replace the archive with a backup (stop the service first)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return errors.New("--from is required")
			}
			return a.runRestore(cmd.Context(), from)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "backup file made by monitor backup")
	return cmd
}

// runRestore checks the backup before touching anything, then swaps the
// store file in, drops the index and reopens the archive, which rebuilds
// the index from the restored store.
func (a *app) runRestore(ctx context.Context, from string) error {
	if err := store.CheckBackup(ctx, from); err != nil {
		return fmt.Errorf("refusing %s: %w", from, err)
	}
	dir := a.cfg.Data
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("data dir %s: %w", dir, err)
	}
	unlock, err := store.LockDir(dir)
	if err != nil {
		return err
	}
	dst := filepath.Join(dir, storeFile)
	err = replaceFile(from, dst)
	if err == nil {
		err = os.RemoveAll(filepath.Join(dir, indexDir))
	}
	if uerr := unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	ar, err := a.openArchive(ctx)
	if err != nil {
		return fmt.Errorf("open restored archive: %w", err)
	}
	n, err := ar.store.CountItems(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "restored %s: %d items, index rebuilt\n", from, n)
	return nil
}

// replaceFile copies src beside dst and renames it over dst, removing the
// old store's WAL files so they cannot be replayed onto the new one.
func replaceFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".restore"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return os.Rename(tmp, dst)
}

func newReindexCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "rebuild the search index from the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a.rebuildIndex = true
			ar, err := a.openArchive(cmd.Context())
			if err != nil {
				return err
			}
			n, err := ar.index.Count()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "index rebuilt: %d items\n", n)
			return nil
		},
	}
}
