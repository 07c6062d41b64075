// node: one dqlite node process with the authtoken extension registered, for tests/cluster.
//
//	node -ext dist/authtoken.so -dir DIR -addr 127.0.0.1:PORT [-join ADDR,ADDR]
//
// The extension is registered before the node starts, with dlopen + sqlite3_auto_extension
// (every connection dqlite opens, leader or follower, then loads it, as `.load` would).
// Prints "ready <id>" once the node serves; on SIGTERM or SIGINT it hands leadership over,
// closes, prints "closed" and exits 0. A failed assertion inside dqlite aborts the process,
// which the driver sees as a non-zero exit.
package main

/*
#cgo LDFLAGS: -ldl -lsqlite3
#include <dlfcn.h>
#include <stdlib.h>
#include <sqlite3.h>

static int register_authtoken(const char *path) {
  void *lib = dlopen(path, RTLD_NOW);
  if (lib == NULL) return -1;
  void *init = dlsym(lib, "sqlite3_authtoken_init");
  if (init == NULL) return -2;
  return sqlite3_auto_extension((void (*)(void))init);
}
*/
import "C"

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/canonical/go-dqlite/app"
	"github.com/canonical/go-dqlite/client"
)

func main() {
	ext := flag.String("ext", "", "path of authtoken.so")
	dir := flag.String("dir", "", "data directory")
	addr := flag.String("addr", "", "address to listen on")
	join := flag.String("join", "", "addresses of nodes to join, comma separated")
	roles := flag.Duration("roles", time.Second, "how often the leader adjusts roles (promotes joiners)")
	flag.Parse()

	path := C.CString(*ext)
	defer C.free(unsafe.Pointer(path))
	if rc := C.register_authtoken(path); rc != 0 {
		fmt.Fprintf(os.Stderr, "node: cannot register %s: %d\n", *ext, rc)
		os.Exit(2)
	}
	options := []app.Option{app.WithAddress(*addr), app.WithLogFunc(logWarnings),
		app.WithRolesAdjustmentFrequency(*roles)}
	if *join != "" {
		options = append(options, app.WithCluster(strings.Split(*join, ",")))
	}
	node, err := app.New(*dir, options...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "node: %v\n", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := node.Ready(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "node: not ready: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("ready %d\n", node.ID())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	handover, cancelHandover := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelHandover()
	node.Handover(handover)
	if err := node.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "node: close: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("closed")
}

func logWarnings(level client.LogLevel, format string, args ...interface{}) {
	if level >= client.LogWarn {
		fmt.Fprintf(os.Stderr, "node: "+format+"\n", args...)
	}
}
