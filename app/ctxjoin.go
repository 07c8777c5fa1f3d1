package app

import "context"

// joinCancel returns a context of ctx that also ends when other ends; the
// function it returns releases both.
func joinCancel(ctx, other context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(other, cancel)
	return ctx, func() { stop(); cancel() }
}
