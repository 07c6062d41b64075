// main.rs: Rust's rusqlite (Debian's librust-rusqlite-dev, feature load_extension, built
// offline against the system SQLite) loading authtoken. Prints PASS/FAIL lines.
// Usage: authtoken-rusqlite-test EXT DIR (EXT without .so, DIR a scratch directory).
//
// Traps shown here, each with its fix:
//   - Loading is unsafe (native code runs): load_extension_enable(), load_extension(path, None)
//     (None: SQLite derives sqlite3_authtoken_init from the file name), load_extension_disable().
//   - execute() on `SELECT token_create(?)` returns Err(ExecuteReturnedResults) after the token
//     was created: run a SELECT of our functions with query_row().
//   - token_user is NULL for a header that does not authenticate: read it as Option<i64>
//     (reading NULL as i64 is an InvalidColumnType error, never 0).
use rusqlite::{params, Connection, Error};
use std::path::Path;

struct Checks {
    failed: u32,
}

impl Checks {
    fn check(&mut self, name: &str, ok: bool, detail: impl std::fmt::Debug) {
        if ok {
            println!("PASS rust: {}", name);
        } else {
            self.failed += 1;
            println!("FAIL rust: {}: {:?}", name, detail);
        }
    }
}

fn main() -> rusqlite::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (ext, dir) = (&args[1], Path::new(&args[2]));
    let mut t = Checks { failed: 0 };

    let db = Connection::open(dir.join("app.db"))?;
    unsafe {
        db.load_extension_enable()?;
        db.load_extension(ext, None)?;
    }
    db.load_extension_disable()?;
    let version: String = db.query_row("SELECT authtoken_version()", [], |r| r.get(0))?;
    t.check("load (load_extension(path, None))", !version.is_empty(), &version);

    db.execute_batch(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT,
                             is_active INTEGER DEFAULT 1);",
    )?;
    let _: String = db.query_row("SELECT token_install('users')", [], |r| r.get(0))?;
    db.execute(
        "INSERT INTO users (username, password) VALUES (?1, token_password_hash(?2, 1000))",
        params!["ada", "s3cret"],
    )?;
    let ada = db.last_insert_rowid();
    let key: String =
        db.query_row("SELECT key FROM authtoken_token WHERE user_id = ?1", [ada], |r| r.get(0))?;
    t.check(
        "the trigger issues a token",
        key.len() == 40 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        &key,
    );

    let header = format!("Token {}", key).into_bytes();
    let (user, kind): (Option<i64>, String) = db.query_row(
        "SELECT token_user(?1), typeof(?1)",
        [&header],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    t.check("token_user(&[u8] header) into Option<i64>", user == Some(ada) && kind == "blob", (user, kind));
    let unknown = format!("Token {}x", key).into_bytes();
    let user: Option<i64> = db.query_row("SELECT token_user(?1)", [&unknown], |r| r.get(0))?;
    t.check("token_user: an unknown key is None, not 0", user.is_none(), user);
    let plain: rusqlite::Result<i64> = db.query_row("SELECT token_user(?1)", [&unknown], |r| r.get(0));
    t.check(
        "token_user: reading NULL as i64 is an error, not 0",
        matches!(plain, Err(Error::InvalidColumnType(..))),
        &plain,
    );

    let body: String =
        db.query_row("SELECT token_obtain(?1, ?2)", ["ada", "s3cret"], |r| r.get(0))?;
    t.check("token_obtain", body == format!("{{\"token\":\"{}\"}}", key), &body);
    let body: String = db.query_row("SELECT token_obtain(?1, ?2)", ["ada", "wrong"], |r| r.get(0))?;
    t.check(
        "token_obtain with a wrong password",
        body == r#"{"non_field_errors":["Unable to log in with provided credentials."]}"#,
        &body,
    );

    db.execute("INSERT INTO users (username) VALUES ('bob')", [])?;
    let bob: i64 = db.last_insert_rowid();
    let deleted: i64 = db.query_row("SELECT token_delete(?1)", [bob], |r| r.get(0))?;
    let executed = db.execute("SELECT token_create(?1)", [bob]);
    let made: i64 =
        db.query_row("SELECT count(*) FROM authtoken_token WHERE user_id = ?1", [bob], |r| r.get(0))?;
    t.check(
        "execute() on SELECT token_create(?) is Err(ExecuteReturnedResults), token made (trap)",
        deleted == 1 && matches!(executed, Err(Error::ExecuteReturnedResults)) && made == 1,
        (deleted, &executed, made),
    );
    let _: i64 = db.query_row("SELECT token_delete(?1)", [bob], |r| r.get(0))?;
    let created: String = db.query_row("SELECT token_create(?1)", [bob], |r| r.get(0))?;
    let stored: String =
        db.query_row("SELECT key FROM authtoken_token WHERE user_id = ?1", [bob], |r| r.get(0))?;
    t.check("token_create(i64) with query_row()", created == stored && created.len() == 40, &created);

    let text = bob.to_string(); // an id as a path segment or a form gives it
    let deleted: i64 = db.query_row("SELECT token_delete(?1)", [&text], |r| r.get(0))?;
    let created: String = db.query_row("SELECT token_create(?1)", [&text], |r| r.get(0))?;
    let stored: String =
        db.query_row("SELECT key FROM authtoken_token WHERE user_id = ?1", [bob], |r| r.get(0))?;
    t.check(
        "token_delete and token_create with the id as a &str",
        deleted == 1 && created == stored && created.len() == 40,
        (deleted, &created),
    );

    let closed = db.close();
    t.check("close", closed.is_ok(), closed.err().map(|(_, e)| e));
    std::process::exit(if t.failed == 0 { 0 } else { 1 });
}
