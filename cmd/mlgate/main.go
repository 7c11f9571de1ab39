// Command mlgate runs MLOps gates in CI and reports one verdict on the pull
// request. See README.md, or run "mlgate --help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/mlgate/mlgate/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.DefaultEnv())
	stop()
	os.Exit(code)
}
