// main.go: Go's database/sql with mattn's driver (Debian's golang-github-mattn-go-sqlite3-dev,
// built against the system SQLite) loading authtoken into a pooled *sql.DB. Prints PASS/FAIL
// lines. Usage: authtoken-go-test EXT DIR (EXT without .so, DIR a scratch directory).
//
// Traps shown here, each with its fix:
//   - LoadExtension(path, "sqlite3_extension_init") fails: our entry point is
//     sqlite3_authtoken_init. Give that name, or use SQLiteDriver{Extensions: []string{path}},
//     which lets SQLite derive it from the file name.
//   - *sql.DB is a pool: load in the driver (Extensions or ConnectHook) so that every
//     connection has the extension, never once on a db.Conn.
//   - token_user is NULL for a header that does not authenticate: scan into sql.NullInt64.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	sqlite3 "github.com/mattn/go-sqlite3"
)

var failed = 0

func check(name string, ok bool, detail string) {
	if ok {
		fmt.Println("PASS go: " + name)
	} else {
		failed++
		fmt.Printf("FAIL go: %s: %s\n", name, detail)
	}
}

func must(err error) {
	if err != nil {
		fmt.Println("FAIL go: unexpected error:", err)
		os.Exit(1)
	}
}

func main() {
	ext, dir := os.Args[1], os.Args[2]
	ctx := context.Background()

	// The trap: the generic entry name is not ours.
	sql.Register("sqlite3_wrong_entry", &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			return c.LoadExtension(ext, "sqlite3_extension_init")
		},
	})
	bad, _ := sql.Open("sqlite3_wrong_entry", filepath.Join(dir, "wrong.db"))
	err := bad.Ping()
	check("LoadExtension(path, \"sqlite3_extension_init\") fails (trap)",
		err != nil && strings.Contains(err.Error(), "sqlite3_extension_init"), fmt.Sprint(err))
	bad.Close()

	// The fixes: the entry name spelled out in a ConnectHook, or Extensions (name derived).
	sql.Register("sqlite3_hook", &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			return c.LoadExtension(ext, "sqlite3_authtoken_init")
		},
	})
	sql.Register("sqlite3_authtoken", &sqlite3.SQLiteDriver{Extensions: []string{ext}})

	hook, err := sql.Open("sqlite3_hook", filepath.Join(dir, "hook.db"))
	must(err)
	var version string
	err = hook.QueryRow("SELECT authtoken_version()").Scan(&version)
	check("load with LoadExtension(path, \"sqlite3_authtoken_init\")", err == nil && version != "", fmt.Sprint(err))
	check("close (ConnectHook pool)", hook.Close() == nil, "")

	db, err := sql.Open("sqlite3_authtoken", filepath.Join(dir, "app.db")+"?_busy_timeout=5000")
	must(err)
	db.SetMaxOpenConns(4)
	// Set-up first, on one connection (sequential calls reuse the pool's idle one).
	_, err = db.Exec(`CREATE TABLE users (id INTEGER PRIMARY KEY,
	    username TEXT UNIQUE, password TEXT, is_active INTEGER DEFAULT 1)`)
	must(err)
	var table string
	must(db.QueryRow("SELECT token_install('users')").Scan(&table))

	// Then three connections of the pool at once: each loaded the extension, and each one's
	// INSERT issues a token (connections opened after token_install get the trigger at load).
	conns := []*sql.Conn{}
	loaded, issued := 0, 0
	var ada int64
	var key string
	for i, name := range []string{"ada", "grace", "linus"} {
		c, err := db.Conn(ctx)
		must(err)
		conns = append(conns, c)
		if c.QueryRowContext(ctx, "SELECT authtoken_version()").Scan(&version) == nil {
			loaded++
		}
		res, err := c.ExecContext(ctx, "INSERT INTO users (username, password) VALUES (?, token_password_hash(?, 1000))", name, "s3cret")
		must(err)
		id, _ := res.LastInsertId()
		var k string
		if c.QueryRowContext(ctx, "SELECT key FROM authtoken_token WHERE user_id = ?", id).Scan(&k) == nil &&
			regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(k) {
			issued++
		}
		if i == 0 {
			ada, key = id, k
		}
	}
	for _, c := range conns {
		must(c.Close())
	}
	check("load with SQLiteDriver{Extensions}: every pooled connection", loaded == 3, fmt.Sprint(loaded))
	check("the trigger issues a token on every pooled connection", issued == 3, fmt.Sprint(issued))

	var user sql.NullInt64
	err = db.QueryRow("SELECT token_user(?)", []byte("Token "+key)).Scan(&user)
	check("token_user([]byte header) into sql.NullInt64", err == nil && user.Valid && user.Int64 == ada, fmt.Sprint(user, err))
	err = db.QueryRow("SELECT token_user(?)", []byte("Token "+key+"x")).Scan(&user)
	check("token_user: an unknown key is NULL, not 0", err == nil && !user.Valid, fmt.Sprint(user, err))
	var plain int64
	err = db.QueryRow("SELECT token_user(?)", []byte("Token nope")).Scan(&plain)
	check("token_user: scanning NULL into int64 is an error, not 0", err != nil, fmt.Sprint(plain))

	var body string
	must(db.QueryRow("SELECT token_obtain(?, ?)", "ada", "s3cret").Scan(&body))
	check("token_obtain", body == `{"token":"`+key+`"}`, body)
	must(db.QueryRow("SELECT token_obtain(?, ?)", "ada", "wrong").Scan(&body))
	check("token_obtain with a wrong password", body == `{"non_field_errors":["Unable to log in with provided credentials."]}`, body)

	res, err := db.Exec("INSERT INTO users (username) VALUES ('bob')")
	must(err)
	bob, _ := res.LastInsertId()
	var deleted int64
	must(db.QueryRow("SELECT token_delete(?)", bob).Scan(&deleted))
	var created, stored string
	err = db.QueryRow("SELECT token_create(?)", bob).Scan(&created)
	db.QueryRow("SELECT key FROM authtoken_token WHERE user_id = ?", bob).Scan(&stored)
	check("token_create(int64)", err == nil && deleted == 1 && created == stored && len(created) == 40, fmt.Sprint(created, err))

	text := strconv.FormatInt(bob, 10) // an id as a form or a URL gives it
	must(db.QueryRow("SELECT token_delete(?)", text).Scan(&deleted))
	err = db.QueryRow("SELECT token_create(?)", text).Scan(&created)
	db.QueryRow("SELECT key FROM authtoken_token WHERE user_id = ?", bob).Scan(&stored)
	check("token_delete and token_create with the id as a string", err == nil && deleted == 1 && created == stored && len(created) == 40, fmt.Sprint(deleted, created, err))

	check("close", db.Close() == nil, "")
	earlyConnection(ctx, dir)
	if failed > 0 {
		os.Exit(1)
	}
}

// earlyConnection: the trigger is per connection. A pooled connection that loaded the
// extension before token_install() ran has none until its first token_* call.
func earlyConnection(ctx context.Context, dir string) {
	db, err := sql.Open("sqlite3_authtoken", filepath.Join(dir, "early.db")+"?_busy_timeout=5000")
	must(err)
	a, err := db.Conn(ctx)
	must(err)
	b, err := db.Conn(ctx)
	must(err)
	var s string
	_, err = a.ExecContext(ctx, "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE)")
	must(err)
	must(a.QueryRowContext(ctx, "SELECT token_install('users')").Scan(&s))
	tokens := func(name string) (n int) {
		_, err := b.ExecContext(ctx, "INSERT INTO users (username) VALUES (?)", name)
		must(err)
		must(b.QueryRowContext(ctx, `SELECT count(*) FROM authtoken_token JOIN users
		    ON users.id = user_id WHERE username = ?`, name).Scan(&n))
		return n
	}
	check("a pooled connection opened before token_install issues no token (trap)", tokens("early") == 0, "")
	var user sql.NullInt64
	must(b.QueryRowContext(ctx, "SELECT token_user(?)", []byte("Token x")).Scan(&user))
	check("after its first token_* call, it does", tokens("late") == 1, "")
	must(a.Close())
	must(b.Close())
	must(db.Close())
}
