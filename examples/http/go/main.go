// Command authtoken-http serves DRF's token endpoints with Go's net/http and the authtoken
// SQLite extension (database/sql + mattn/go-sqlite3, Debian's golang-github-mattn-go-sqlite3-dev).
//
//	authtoken-http -db app.sqlite3 -port 8002 [-ext dist/authtoken] [-host 127.0.0.1]
//
//	POST /api-token-auth/  username + password (form, multipart or JSON) -> {"token": "..."}
//	GET  /me               Authorization: Token <key> -> {"id": 1, "username": "ada"}
//	POST /logout           deletes the token that authenticated the request -> 204
//
// Every answer (status, JSON body, WWW-Authenticate and Allow headers) is the one Django REST
// Framework gives: the extension's SQL functions decide, the handler only moves bytes.
// Built offline in GOPATH mode (examples/http/go/build.sh).
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"

	sqlite3 "github.com/mattn/go-sqlite3"
)

const notFound = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n" +
	"<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"

const notProvided = "Authentication credentials were not provided."

const maxBody = 10 << 20

// The whole decision for a protected request, in one statement.
const authSQL = `SELECT a.uid, CASE WHEN a.uid IS NULL THEN token_auth_error(?1) END
                   FROM (SELECT token_user(?1) AS uid) AS a`
const meSQL = `SELECT json_object('id', id, 'username', username) FROM auth_user WHERE id = ?`
const obtainSQL = `SELECT r->>'status', r->'body' FROM (SELECT token_obtain_request(?, ?) AS r)`

type route struct {
	allow     string // the methods DRF lists in Allow
	protected bool   // the view needs an authenticated user
}

var routes = map[string]route{
	"/api-token-auth/": {"POST, OPTIONS", false},
	"/me":              {"GET, HEAD, OPTIONS", true},
	"/logout":          {"POST, OPTIONS", true},
}

type server struct{ db *sql.DB }

// send writes an answer with the headers DRF sets.
func send(w http.ResponseWriter, status int, body []byte, allow string, challenge bool) {
	h := w.Header()
	if len(body) > 0 {
		h.Set("Content-Type", "application/json")
	}
	if challenge {
		h.Set("WWW-Authenticate", "Token")
	}
	if allow != "" {
		h.Set("Allow", allow)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// detail is DRF's {"detail": message} body (JSON-quoted by SQLite, as DRF renders it).
func (s *server) detail(message string) []byte {
	var quoted string
	if err := s.db.QueryRow("SELECT json_quote(CAST(? AS TEXT))", message).Scan(&quoted); err != nil {
		return []byte(`{"detail":"error"}`)
	}
	return []byte(`{"detail":` + quoted + `}`)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, ok := routes[r.URL.Path]
	if !ok {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(notFound))
		return
	}
	var uid sql.NullInt64
	var authErr sql.NullString
	if values, present := r.Header["Authorization"]; present {
		// Several headers are joined with ',', as WSGI servers join them.
		header := strings.Join(values, ",")
		if err := s.db.QueryRow(authSQL, header).Scan(&uid, &authErr); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	if authErr.Valid || (rt.protected && !uid.Valid) {
		message := notProvided
		if authErr.Valid {
			message = authErr.String
		}
		send(w, http.StatusUnauthorized, s.detail(message), rt.allow, true)
		return
	}
	if r.Method == "OPTIONS" || !strings.Contains(", "+rt.allow+",", ", "+r.Method+",") {
		send(w, http.StatusMethodNotAllowed, s.detail(fmt.Sprintf("Method \"%s\" not allowed.", r.Method)), rt.allow, false)
		return
	}
	switch r.URL.Path {
	case "/api-token-auth/":
		s.obtain(w, r, rt.allow)
	case "/me":
		var body string
		if err := s.db.QueryRow(meSQL, uid.Int64).Scan(&body); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		send(w, http.StatusOK, []byte(body), rt.allow, false)
	default:
		if _, err := s.db.Exec("SELECT token_delete(?)", uid.Int64); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		send(w, http.StatusNoContent, nil, rt.allow, false)
	}
}

// obtain hands the raw Content-Type and body to token_obtain_request.
func (s *server) obtain(w http.ResponseWriter, r *http.Request, allow string) {
	// Beyond DRF, which has no limit for JSON: a body over maxBody is a 413.
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(body) > maxBody {
		send(w, http.StatusRequestEntityTooLarge, s.detail("Request body too large."), "", false)
		return
	}
	var ctype interface{}
	if values, present := r.Header["Content-Type"]; present {
		ctype = []byte(values[0])
	}
	var status int
	var answer string
	if err := s.db.QueryRow(obtainSQL, ctype, body).Scan(&status, &answer); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	send(w, status, []byte(answer), allow, false)
}

func main() {
	dbPath := flag.String("db", "", "the SQLite database file (Django's, or one made with token_install)")
	port := flag.Int("port", 8002, "TCP port")
	host := flag.String("host", "127.0.0.1", "address to listen on")
	ext := flag.String("ext", "dist/authtoken", "the extension, without .so")
	flag.Parse()
	if *dbPath == "" {
		log.Fatal("-db is required")
	}
	// The extension's entry point is sqlite3_authtoken_init: name it (mattn's default,
	// sqlite3_extension_init, does not exist). Foreign keys on, as Django has them.
	sql.Register("sqlite3_authtoken", &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if err := c.LoadExtension(*ext, "sqlite3_authtoken_init"); err != nil {
				return err
			}
			_, err := c.Exec("PRAGMA foreign_keys = ON", nil)
			return err
		},
	})
	db, err := sql.Open("sqlite3_authtoken", "file:"+*dbPath+"?_busy_timeout=10000")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxIdleConns(16)
	addr := fmt.Sprintf("%s:%d", *host, *port)
	fmt.Printf("listening on http://%s\n", addr)
	log.Fatal(http.ListenAndServe(addr, &server{db}))
}
