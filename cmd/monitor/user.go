package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/user"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/bcrypt"

	"github.com/ttdn/monitor/index"
)

// minPassword is the shortest password an account may have.
const minPassword = 10

func newUserCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "manage accounts"}
	var name, display, role string
	var stdinPass bool
	add := &cobra.Command{
		Use:   "add --username U --role R --password-stdin",
		Short: "create an account (admin, analyst or viewer)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !stdinPass {
				return errors.New("--password-stdin is required: give the password on standard input")
			}
			pass, err := readPassword(a)
			if err != nil {
				return err
			}
			return a.runUserAdd(cmd.Context(), name, display, index.Role(role), pass)
		},
	}
	f := add.Flags()
	f.StringVar(&name, "username", "", "login name")
	f.StringVar(&display, "display-name", "", "name shown in the dashboard")
	f.StringVar(&role, "role", "analyst", "admin, analyst or viewer")
	f.BoolVar(&stdinPass, "password-stdin", false, "read the password from standard input")
	cmd.AddCommand(add)
	return cmd
}

func readPassword(a *app) (string, error) {
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	pass := strings.TrimRight(line, "\r\n")
	if len([]rune(pass)) < minPassword {
		return "", fmt.Errorf("password: at least %d characters", minPassword)
	}
	return pass, nil
}

func (a *app) runUserAdd(ctx context.Context, name, display string, role index.Role, pass string) error {
	if name == "" {
		return errors.New("--username is required")
	}
	if !role.Valid() {
		return fmt.Errorf("--role: %q is not admin, analyst or viewer", role)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	if display == "" {
		display = name
	}
	u := &index.User{Username: name, DisplayName: display, Role: role, PasswordHash: string(hash)}
	if err := ar.store.CreateUser(ctx, currentUser(), u); err != nil {
		return fmt.Errorf("create user %s: %w", name, err)
	}
	fmt.Fprintf(a.stdout, "user %s created (%s)\n", name, role)
	return nil
}

func newTokenCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "manage API tokens"}
	var username, name string
	create := &cobra.Command{
		Use:   "create --user U",
		Short: "create an API token for a user and print it (shown once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			ar, err := a.openArchive(ctx)
			if err != nil {
				return err
			}
			u, err := ar.store.GetUser(ctx, username)
			if err != nil {
				return fmt.Errorf("user %q: %w", username, err)
			}
			if name == "" {
				name = "cli"
			}
			tok, err := ar.store.CreateToken(ctx, currentUser(), u.ID, name)
			if err != nil {
				return fmt.Errorf("create token: %w", err)
			}
			fmt.Fprintln(a.stdout, tok)
			return nil
		},
	}
	create.Flags().StringVar(&username, "user", "", "the token acts as this user")
	create.Flags().StringVar(&name, "name", "", "what the token is for")
	cmd.AddCommand(create)
	return cmd
}

// currentUser names who ran a command, for the audit log.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return "cli:" + u.Username
	}
	return "cli"
}
