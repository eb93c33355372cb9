package index

import (
	"errors"
	"fmt"
)

// Sentinel errors the archive returns; callers test them with errors.Is.
var (
	// ErrNotFound: no object with that id.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the object changed since the caller read it, or a unique
	// name is taken.
	ErrConflict = errors.New("conflict")
	// ErrInvalid: the input breaks a rule of the domain; wrapped by
	// *FieldError when one field is at fault.
	ErrInvalid = errors.New("invalid input")
	// ErrLocked: another process holds the data directory.
	ErrLocked = errors.New("data directory locked")
	// ErrUnauthorized: missing or wrong credentials.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the user's role may not do this.
	ErrForbidden = errors.New("forbidden")
)

// FieldError says which field of the input is at fault and why. It
// matches ErrInvalid under errors.Is.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Message) }

// Is makes errors.Is(err, ErrInvalid) true for every FieldError.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Invalid returns a *FieldError for field.
func Invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}
