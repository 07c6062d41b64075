// driver: the 3-node dqlite cluster test of tests/cluster (run by tests/cluster/run.sh).
//
//	driver -node BIN -ext authtoken.so -work DIR -port N
//
// Starts three node processes (tests/cluster/node) on 127.0.0.1:N..N+2, each with the
// extension registered, and checks through go-dqlite's database/sql driver: installing
// through DML, user inserts through the leader getting tokens, every node's copy identical
// (read through each node in turn as leader), each write's DML form, the write-in-SELECT
// functions refused in autocommit and working inside BEGIN/COMMIT, repeated 20,000-user bulk
// inserts, kill -9 of the leader under load, and a clean shutdown. Prints PASS/FAIL lines.
// Every process it starts is stopped by pid in every outcome (and listed in DIR/pids for
// run.sh's trap).
package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/canonical/go-dqlite/client"
	"github.com/canonical/go-dqlite/driver"
)

var failed int

func check(name string, ok bool, detail string, args ...interface{}) {
	if ok {
		fmt.Printf("PASS cluster: %s\n", name)
		return
	}
	failed++
	fmt.Printf("FAIL cluster: %s: %s\n", name, fmt.Sprintf(detail, args...))
}

func main() {
	bin := flag.String("node", "", "node binary")
	ext := flag.String("ext", "", "authtoken.so")
	work := flag.String("work", "", "scratch directory")
	port := flag.Int("port", 9471, "first port")
	bench := flag.Int("bench", 0, "instead of the tests: time this many calls (bench.go)")
	flag.Parse()

	c := newCluster(*bin, *ext, *work, *port)
	defer c.killAll()
	if err := c.startAll(); err != nil {
		check("three nodes start and form a cluster", false, "%v", err)
		os.Exit(1)
	}
	check("three nodes start and form a cluster", true, "")
	db := c.open()
	if *bench > 0 {
		benchmark(c, db, *ext, *bench)
		c.stopAll()
		return
	}
	installThroughDML(c, db)
	db.Close()
	db = c.openAgain() // connections opened after the install create the triggers on load
	for _, scenario := range []func(*cluster, *sql.DB){
		usersGetTokens, dmlForms, writesInSelect, bulkInserts,
		sameOnEveryNode, killLeaderUnderLoad, sameOnEveryNode,
	} {
		scenario(c, db)
	}
	db.Close()
	c.stopAll()
	if failed > 0 {
		os.Exit(1)
	}
}

// ---- scenarios ------------------------------------------------------------------------

const usersDDL = `CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,
  is_active INTEGER NOT NULL DEFAULT 1)`

// installThroughDML: the install DDL comes from a read-only function and is run as a write.
func installThroughDML(c *cluster, db *sql.DB) {
	_, err := db.Exec(usersDDL)
	check("users table created through the leader", err == nil, "%v", err)
	var ddl string
	err = db.QueryRow("SELECT token_install_sql('users')").Scan(&ddl)
	check("token_install_sql('users') answers as a query", err == nil && strings.Contains(ddl,
		`CREATE TABLE IF NOT EXISTS main."authtoken_token"`), "%v %q", err, ddl)
	_, err = db.Exec(ddl)
	check("the install DDL runs as a write", err == nil, "%v", err)
	var n int
	err = db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'authtoken_token'").Scan(&n)
	check("the token table exists after the DML install", err == nil && n == 1, "%v %d", err, n)
}

// usersGetTokens: INSERTs through the leader, one by one and several rows at once.
func usersGetTokens(c *cluster, db *sql.DB) {
	for i := 0; i < 50; i++ {
		if _, err := db.Exec("INSERT INTO users (username) VALUES (?)", fmt.Sprintf("one%d", i)); err != nil {
			check("50 single-row user inserts", false, "%v", err)
			return
		}
	}
	_, err := db.Exec("INSERT INTO users (username) VALUES ('ada'), ('grace'), ('linus')")
	check("50 single-row inserts and a 3-row insert succeed", err == nil, "%v", err)
	expectEveryUserHasOneToken(db, "every user inserted through the leader has one token")
}

// dmlForms: get-or-create, rotate, delete, and a setting, each as plain DML.
func dmlForms(c *cluster, db *sql.DB) {
	id := userID(db, "ada")
	before := keyOf(db, id)
	_, err := db.Exec(`DELETE FROM authtoken_token WHERE user_id = ?`, id)
	check("delete (DML form)", err == nil && keyOf(db, id) == "", "%v", err)
	for round := 0; round < 2; round++ {
		_, err = db.Exec(getOrCreate, id)
		check(fmt.Sprintf("get-or-create (DML form), round %d", round+1), err == nil, "%v", err)
	}
	created := keyOf(db, id)
	check("get-or-create issued one DRF-shaped key", isDRFKey(created) && created != before,
		"%q", created)
	_, err = db.Exec(getOrCreate, 999999)
	check("get-or-create for no such user writes nothing", err == nil && keyOf(db, 999999) == "",
		"%v", err)
	_, err = db.Exec(`UPDATE authtoken_token SET key = token_new(), created = token_now()
	                  WHERE user_id = ?`, id)
	rotated := keyOf(db, id)
	check("rotate (DML form)", err == nil && isDRFKey(rotated) && rotated != created, "%v", err)
	var got sql.NullInt64
	err = db.QueryRow("SELECT token_user(?)", "Token "+rotated).Scan(&got)
	check("token_user as a query finds the rotated key", err == nil && got.Int64 == id,
		"%v %v", err, got)
	var ddl string
	err = db.QueryRow("SELECT token_setting_sql('keyword', 'Bearer')").Scan(&ddl)
	if err == nil {
		_, err = db.Exec(ddl)
	}
	err2 := db.QueryRow("SELECT token_user(?)", "Bearer "+rotated).Scan(&got)
	check("a setting through its DML form (keyword Bearer)", err == nil && err2 == nil &&
		got.Int64 == id, "%v %v %v", err, err2, got)
	err = db.QueryRow("SELECT token_setting_sql('keyword', NULL)").Scan(&ddl)
	if err == nil {
		_, err = db.Exec(ddl)
	}
	check("the setting back to its default (DML form)", err == nil, "%v", err)
}

const getOrCreate = `INSERT INTO authtoken_token (key, created, user_id)
  SELECT token_new(), token_now(), id FROM users WHERE id = ?1
  ON CONFLICT (user_id) DO NOTHING`

// writesInSelect: in autocommit, a query that would write is refused and the leader lives
// on; inside BEGIN/COMMIT sent as writes the same call works and replicates.
func writesInSelect(c *cluster, db *sql.DB) {
	_, err := db.Exec("INSERT INTO users (username) VALUES ('notoken')")
	id := userID(db, "notoken")
	_, err = db.Exec("DELETE FROM authtoken_token WHERE user_id = ?", id)
	for _, q := range []string{"SELECT token_create(?)", "SELECT token_rotate(?)",
		"SELECT token_delete(?)", "SELECT token_obtain('notoken', ?)",
		"SELECT token_install('users') WHERE ? > 0", "SELECT token_setting('keyword', 'Bearer') WHERE ? > 0"} {
		var v interface{}
		err = db.QueryRow(q, id).Scan(&v)
		check(q+" as an autocommit query is refused", err != nil, "answered %v", v)
		_, werr := db.Exec("INSERT INTO users (username) VALUES (?)", "after "+q)
		check(q+": the leader takes the next write", werr == nil, "%v", werr)
	}
	var keyword string
	db.QueryRow("SELECT token_setting('keyword')").Scan(&keyword)
	check("the refused calls wrote nothing", keyOf(db, id) == "" && keyword == "Token",
		"key %q, keyword %q", keyOf(db, id), keyword)
	// TEMP-only writes (this connection's triggers) never touch the replicated WAL.
	var on int
	err = db.QueryRow("SELECT token_triggers(0) + token_triggers(1)").Scan(&on)
	_, werr := db.Exec("INSERT INTO users (username) VALUES ('after token_triggers')")
	check("SELECT token_triggers(0), token_triggers(1) as a query: TEMP only, the leader lives on",
		err == nil && on == 1 && werr == nil, "%v %d %v", err, on, werr)
	tx, err := db.Begin()
	var key string
	if err == nil {
		err = tx.QueryRow("SELECT token_create(?)", id).Scan(&key)
	}
	if err == nil {
		err = tx.Commit()
	}
	check("SELECT token_create(?) inside BEGIN/COMMIT works", err == nil && isDRFKey(key) &&
		keyOf(db, id) == key, "%v %q", err, key)
	_, werr = db.Exec("INSERT INTO users (username) VALUES ('after tx')")
	check("the leader takes the next write after the transaction", werr == nil, "%v", werr)
}

// bulkInserts: four 20,000-user INSERT ... SELECT, the table growing to 80,000 and more.
func bulkInserts(c *cluster, db *sql.DB) {
	for round := 0; round < 4; round++ {
		_, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
		  WHERE i < 20000) INSERT INTO users (username) SELECT printf('bulk%d-%d', ?, i) FROM n`,
			round)
		check(fmt.Sprintf("bulk insert %d of 20,000 users", round+1), err == nil, "%v", err)
	}
	expectEveryUserHasOneToken(db, "every bulk-inserted user has one token")
}

// killLeaderUnderLoad: kill -9 of the leader while users are being inserted.
func killLeaderUnderLoad(c *cluster, db *sql.DB) {
	done := make(chan int)
	stop := make(chan struct{})
	go func() {
		n := 0
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- n
				return
			default:
			}
			if _, err := db.Exec("INSERT INTO users (username) VALUES (?)", fmt.Sprintf("load%d", i)); err == nil {
				n++
			}
		}
	}()
	time.Sleep(500 * time.Millisecond)
	leader := c.leaderIndex()
	killed := time.Now()
	c.kill9(leader)
	recovered := time.Duration(0)
	for time.Since(killed) < 60*time.Second {
		var n int
		if db.QueryRow("SELECT count(*) FROM users").Scan(&n) == nil && c.leaderIndex() >= 0 {
			if _, err := db.Exec("INSERT INTO users (username) VALUES (?)",
				fmt.Sprintf("probe%d", time.Now().UnixNano())); err == nil {
				recovered = time.Since(killed)
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	inserted := <-done
	check("a new leader takes writes after kill -9 of the leader", recovered > 0,
		"none within 60 s")
	fmt.Printf("# failover: kill -9 to the first write on a new leader %.1f s; %d users inserted under load\n",
		recovered.Seconds(), inserted)
	expectEveryUserHasOneToken(db, "after the kill, no committed user is without a token")
	var bad int
	err := db.QueryRow(`SELECT count(*) FROM authtoken_token
	  WHERE token_user('Token ' || key) IS NOT user_id`).Scan(&bad)
	check("after the kill, every committed token authenticates its user", err == nil && bad == 0,
		"%v, %d do not", err, bad)
	err = c.restart(leader)
	check("the killed node restarts", err == nil, "%v", err)
}

// sameOnEveryNode: each node in turn becomes leader and its copy is read and compared.
func sameOnEveryNode(c *cluster, db *sql.DB) {
	var digests []string
	for i := range c.nodes {
		if err := c.transferTo(i); err != nil {
			check(fmt.Sprintf("node %d becomes leader to be read", i+1), false, "%v", err)
			return
		}
		digests = append(digests, tablesDigest(db))
	}
	same := digests[0] != "" && digests[0] == digests[1] && digests[1] == digests[2]
	check("users and tokens are identical on all three nodes, row by row", same, "%v", digests)
}

// ---- helpers over SQL -----------------------------------------------------------------

func expectEveryUserHasOneToken(db *sql.DB, name string) {
	var users, without, extra int
	err := db.QueryRow(`SELECT (SELECT count(*) FROM users),
	  (SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM authtoken_token t WHERE t.user_id = u.id)),
	  (SELECT count(*) FROM authtoken_token t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id))`).
		Scan(&users, &without, &extra)
	check(name, err == nil && users > 0 && without == 0 && extra == 0,
		"%v: %d users, %d without a token, %d orphan tokens", err, users, without, extra)
}

func userID(db *sql.DB, username string) int64 {
	var id int64
	db.QueryRow("SELECT id FROM users WHERE username = ?", username).Scan(&id)
	return id
}

func keyOf(db *sql.DB, id int64) string {
	var key string
	db.QueryRow("SELECT key FROM authtoken_token WHERE user_id = ?", id).Scan(&key)
	return key
}

func isDRFKey(key string) bool {
	if len(key) != 40 {
		return false
	}
	for _, ch := range key {
		if !strings.ContainsRune("0123456789abcdef", ch) {
			return false
		}
	}
	return true
}

// tablesDigest: SHA-256 over every users and token row in a fixed order.
func tablesDigest(db *sql.DB) string {
	h := sha256.New()
	for _, q := range []string{
		"SELECT id, username, is_active FROM users ORDER BY id",
		"SELECT key, created, user_id FROM authtoken_token ORDER BY user_id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			return "error: " + err.Error()
		}
		for rows.Next() {
			var a, b, c interface{}
			rows.Scan(&a, &b, &c)
			fmt.Fprintf(h, "%v|%v|%v\n", a, b, c)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// ---- driver and leadership --------------------------------------------------------------

// open registers go-dqlite's driver over the three nodes and opens the database "app".
func (c *cluster) open() *sql.DB {
	store := client.NewInmemNodeStore()
	store.Set(context.Background(), c.nodeInfos())
	drv, err := driver.New(store, driver.WithLogFunc(quietLog))
	if err != nil {
		panic(err)
	}
	sql.Register("dqlite-authtoken", drv)
	return c.openAgain()
}

// openAgain opens a new pool (new connections on the leader, each loading the extension).
func (c *cluster) openAgain() *sql.DB {
	db, err := sql.Open("dqlite-authtoken", "app")
	if err != nil {
		panic(err)
	}
	return db
}

func quietLog(client.LogLevel, string, ...interface{}) {}

func (c *cluster) nodeInfos() []client.NodeInfo {
	var infos []client.NodeInfo
	for _, n := range c.nodes {
		infos = append(infos, client.NodeInfo{Address: n.addr})
	}
	return infos
}

func (c *cluster) leaderClient(ctx context.Context) (*client.Client, error) {
	store := client.NewInmemNodeStore()
	store.Set(ctx, c.nodeInfos())
	return client.FindLeader(ctx, store, client.WithLogFunc(quietLog))
}

// leaderIndex: which of c.nodes leads now, or -1.
func (c *cluster) leaderIndex() int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cli, err := c.leaderClient(ctx)
	if err != nil {
		return -1
	}
	defer cli.Close()
	info, err := cli.Leader(ctx)
	if err != nil || info == nil {
		return -1
	}
	for i, n := range c.nodes {
		if n.addr == info.Address {
			return i
		}
	}
	return -1
}

// waitVoters: until the cluster lists three voters.
func (c *cluster) waitVoters(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		cli, err := c.leaderClient(ctx)
		if err == nil {
			nodes, err := cli.Cluster(ctx)
			cli.Close()
			voters := 0
			for _, n := range nodes {
				if n.Role == client.Voter {
					voters++
				}
			}
			if err == nil && voters == 3 {
				cancel()
				return nil
			}
		}
		cancel()
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("no three voters within %v", timeout)
}

// transferTo: makes node i the leader (waits for it).
func (c *cluster) transferTo(i int) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c.leaderIndex() == i {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if cli, err := c.leaderClient(ctx); err == nil {
			cli.Transfer(ctx, c.nodes[i].id)
			cli.Close()
		}
		cancel()
		time.Sleep(300 * time.Millisecond)
	}
	return fmt.Errorf("node %d did not become leader", i+1)
}
