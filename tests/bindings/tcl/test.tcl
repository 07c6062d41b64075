# test.tcl: Tcl's sqlite3 package (Debian's libsqlite3-tcl) loading authtoken. Prints PASS/FAIL
# lines. Usage: tclsh test.tcl EXT DIR (EXT without .so, DIR a scratch directory).
#
# Traps shown here, each with its fix:
#   - The package has no load method: `db enable_load_extension 1`, then the SQL function
#     load_extension($ext) with the path bound, then `db enable_load_extension 0`.
#   - A variable binds by its internal form: `set id 3` is a string and binds as TEXT;
#     [expr {int($id)}] binds as INTEGER. A header binds as BLOB with @name (or when it holds
#     bytes, from `encoding convertto`); token_user reads TEXT and BLOB as the same bytes.
#   - NULL comes back as an empty string: set `db nullvalue` to a marker, or ask IS NULL.
package require sqlite3

lassign $argv ext dir
set failed 0
proc check {name ok {detail ""}} {
    global failed
    if {$ok} {
        puts "PASS tcl: $name"
    } else {
        incr failed
        puts "FAIL tcl: $name: $detail"
    }
}

sqlite3 db [file join $dir app.db]
db enable_load_extension 1
db eval {SELECT load_extension($ext)}
db enable_load_extension 0
check "load (load_extension(\$ext) after enable_load_extension 1)" \
    [expr {[db onecolumn {SELECT authtoken_version()}] ne ""}]
db nullvalue <NULL>

db eval {CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT,
                             is_active INTEGER DEFAULT 1)}
db eval {SELECT token_install('users')}
set name ada
set password s3cret
db eval {INSERT INTO users (username, password) VALUES ($name, token_password_hash($password, 1000))}
set ada [db last_insert_rowid]
set key [db onecolumn {SELECT key FROM authtoken_token WHERE user_id = $ada}]
check "the trigger issues a token" [regexp {^[0-9a-f]{40}$} $key] $key

set header "Token $key"
lassign [db eval {SELECT token_user(@header), typeof(@header)}] user type
check "token_user(@header, bound as BLOB)" [expr {$type eq "blob" && $user == $ada}] "$user $type"
set bytes [encoding convertto utf-8 "Token $key"]
lassign [db eval {SELECT token_user($bytes), typeof($bytes)}] user type
check "token_user(\$bytes from encoding convertto, a BLOB)" [expr {$type eq "blob" && $user == $ada}] "$user $type"
set header "Token ${key}x"
set user [db onecolumn {SELECT token_user(@header)}]
check "token_user: an unknown key is NULL (the nullvalue marker), not 0" [expr {$user eq "<NULL>"}] $user

set body [db onecolumn {SELECT token_obtain($name, $password)}]
check "token_obtain" [expr {$body eq "{\"token\":\"$key\"}"}] $body
set wrong wrong
set body [db onecolumn {SELECT token_obtain($name, $wrong)}]
check "token_obtain with a wrong password" \
    [expr {$body eq {{"non_field_errors":["Unable to log in with provided credentials."]}}}] $body

db eval {INSERT INTO users (username) VALUES ('bob')}
set id [format %d [db last_insert_rowid]]  ;# a string, as an id read from a form or argv is
check "an id held as a string binds as TEXT (trap)" [expr {[db onecolumn {SELECT typeof($id)}] eq "text"}]
set bob [expr {int($id)}]
set deleted [db onecolumn {SELECT token_delete($bob)}]
set created [db onecolumn {SELECT token_create($bob)}]
set stored [db onecolumn {SELECT key FROM authtoken_token WHERE user_id = $bob}]
check "token_create(\[expr {int(\$id)}\], an INTEGER)" \
    [expr {$deleted == 1 && $created eq $stored && [string length $created] == 40}] $created

set deleted [db onecolumn {SELECT token_delete($id)}]
set created [db onecolumn {SELECT token_create($id)}]
set stored [db onecolumn {SELECT key FROM authtoken_token WHERE user_id = $bob}]
check "token_delete and token_create with the id held as a string (TEXT)" \
    [expr {$deleted == 1 && $created eq $stored && [string length $created] == 40}] $created

check "close" [expr {[catch {db close} err] == 0}] $err
exit [expr {$failed ? 1 : 0}]
