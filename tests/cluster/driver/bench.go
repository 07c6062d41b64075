// bench.go: `driver -bench N` (make bench): the cost of a user insert with its token and of
// token_user through the 3-node cluster, against the same statements on a local file (WAL,
// mattn's go-sqlite3 on the system SQLite with the extension loaded), in one run. Prints
// one tab-separated line per figure: K <what> <cluster µs> <local µs>.
package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

func benchmark(c *cluster, db *sql.DB, ext string, n int) {
	local := openLocal(filepath.Join(c.work, "local.db"), ext)
	defer func() { local.Close() }()
	for _, d := range []*sql.DB{db, local} {
		if _, err := d.Exec(usersDDL); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		var ddl string
		err := d.QueryRow("SELECT token_install_sql('users')").Scan(&ddl)
		if err == nil {
			_, err = d.Exec(ddl)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: install:", err)
			os.Exit(1)
		}
	}
	db = reopen(c, db) // connections opened after the install create the triggers on load
	local.Close()
	local = openLocal(filepath.Join(c.work, "local.db"), ext)
	insert := func(d *sql.DB, i int) error {
		_, err := d.Exec("INSERT INTO users (username) VALUES (?)", fmt.Sprintf("bench%d", i))
		return err
	}
	report("user INSERT with its token (autocommit)", n,
		timed(n, func(i int) error { return insert(db, i) }),
		timed(n, func(i int) error { return insert(local, i) }))
	lookup := func(d *sql.DB) func(int) error {
		var keys []string
		rows, err := d.Query("SELECT key FROM authtoken_token ORDER BY user_id")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: reading keys:", err)
			os.Exit(1)
		}
		for rows.Next() {
			var k string
			rows.Scan(&k)
			keys = append(keys, "Token "+k)
		}
		rows.Close()
		if len(keys) == 0 {
			fmt.Fprintln(os.Stderr, "bench: no token was issued")
			os.Exit(1)
		}
		return func(i int) error {
			var id sql.NullInt64
			return d.QueryRow("SELECT token_user(?)", keys[i%len(keys)]).Scan(&id)
		}
	}
	report("token_user(header) as a query", n, timed(n, lookup(db)), timed(n, lookup(local)))
}

var localRegistered bool

// openLocal opens a pool on a local file with the extension loaded by every connection.
func openLocal(path, ext string) *sql.DB {
	if !localRegistered {
		sql.Register("sqlite3-authtoken", &sqlite3.SQLiteDriver{
			ConnectHook: func(conn *sqlite3.SQLiteConn) error {
				return conn.LoadExtension(ext, "sqlite3_authtoken_init")
			},
		})
		localRegistered = true
	}
	db, err := sql.Open("sqlite3-authtoken", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		panic(err)
	}
	return db
}

func reopen(c *cluster, db *sql.DB) *sql.DB {
	db.Close()
	return c.openAgain()
}

// timed runs f n times and returns the mean µs per call, or -1 on the first error.
func timed(n int, f func(int) error) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := f(i); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			return -1
		}
	}
	return float64(time.Since(start).Microseconds()) / float64(n)
}

func report(what string, n int, cluster, local float64) {
	fmt.Printf("K\t%s\t%d\t%.1f\t%.1f\n", what, n, cluster, local)
}
