<?php
// test.php: PHP's SQLite3 class (Debian's php-sqlite3) loading authtoken. Prints PASS/FAIL lines.
// Usage: php -d sqlite3.extension_dir=DIST test.php DIR (DIST holds authtoken.so, DIR a scratch
// directory).
//
// Traps shown here, each with its fix:
//   - SQLite3::loadExtension() loads only from the directory set as sqlite3.extension_dir (in
//     php.ini, or php -d on the command line): without it, "SQLite Extension are disabled".
//   - It wants the file name with its suffix ('authtoken.so'), not a path and not 'authtoken'.
//   - Errors are PHP warnings and a false return unless $db->enableExceptions(true).
//   - token_user is NULL for a header that does not authenticate: compare with === null,
//     never cast with (int) (null becomes 0).
//   - SQLite3Stmt::execute() steps a statement and resets it; fetchArray() then runs it again
//     (PHP bug #64531): a SELECT of token_obtain, token_create, token_rotate or token_delete
//     runs twice (two password hashes, two rotations, a delete count of 0). Reads may run twice;
//     for those, run the SELECT once inside an INSERT into a TEMP table and read that (once()).
//   - PDO cannot load extensions before PHP 8.4 (no loadExtension method, and the SQL function
//     load_extension() is "not authorized"): use the SQLite3 class.

[$dir] = array_slice($argv, 1);
$failed = 0;
function check(string $name, bool $ok, string $detail = ''): void {
    global $failed;
    if ($ok) {
        echo "PASS php: $name\n";
    } else {
        $failed++;
        echo "FAIL php: $name: $detail\n";
    }
}
// binds each argument: [value, SQLITE3_type], or a plain value (PHP picks: int is INTEGER)
function bind(SQLite3Stmt $st, array $args): void {
    foreach ($args as $i => $arg) {
        if (is_array($arg)) {
            $st->bindValue($i + 1, $arg[0], $arg[1]);
        } else {
            $st->bindValue($i + 1, $arg);
        }
    }
}
// one row of a prepared statement, each value bound with its type
function row(SQLite3 $db, string $sql, array $args): array {
    $st = $db->prepare($sql);
    bind($st, $args);
    $row = $st->execute()->fetchArray(SQLITE3_NUM);
    $st->close();
    return $row;
}

// runs $select once (INSERT ... SELECT, never fetched) and returns its one value
function once(SQLite3 $db, string $select, array $args) {
    $db->exec('CREATE TEMP TABLE IF NOT EXISTS once (v)');
    $db->exec('DELETE FROM temp.once');
    $st = $db->prepare("INSERT INTO temp.once $select");
    bind($st, $args);
    $st->execute();
    $st->close();
    return $db->querySingle('SELECT v FROM temp.once');
}

$db = new SQLite3("$dir/app.db");
$warned = @$db->loadExtension('authtoken');
check("loadExtension('authtoken') without .so: false and a warning (trap)", $warned === false,
      var_export($warned, true));
$db->enableExceptions(true);
try {
    $db->loadExtension('authtoken');
    check("with enableExceptions(true), a failed load throws", false, 'no exception');
} catch (Exception $e) {
    check("with enableExceptions(true), a failed load throws",
          str_contains($e->getMessage(), 'Unable to load extension'), $e->getMessage());
}
$db->loadExtension('authtoken.so');
check("load: loadExtension('authtoken.so') from sqlite3.extension_dir",
      $db->querySingle('SELECT authtoken_version()') !== '');

$db->exec('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT, is_active INTEGER DEFAULT 1)');
$db->querySingle("SELECT token_install('users')");
// execute() only: fetchArray() on a statement without rows runs it again (a second INSERT)
$st = $db->prepare('INSERT INTO users (username, password) VALUES (?, token_password_hash(?, 1000))');
$st->bindValue(1, 'ada', SQLITE3_TEXT);
$st->bindValue(2, 's3cret', SQLITE3_TEXT);
$st->execute();
$st->close();
$ada = $db->lastInsertRowID();
[$key] = row($db, 'SELECT key FROM authtoken_token WHERE user_id = ?', [[$ada, SQLITE3_INTEGER]]);
check('the trigger issues a token', is_string($key) && preg_match('/^[0-9a-f]{40}$/', $key) === 1,
      var_export($key, true));

[$user, $type] = row($db, 'SELECT token_user(?1), typeof(?1)', [["Token $key", SQLITE3_BLOB]]);
check('token_user(header bound as SQLITE3_BLOB)', $type === 'blob' && $user === $ada,
      var_export($user, true));
[$user] = row($db, 'SELECT token_user(?)', [["Token {$key}x", SQLITE3_BLOB]]);
check('token_user: an unknown key is null, not 0', $user === null, var_export($user, true));

$body = once($db, 'SELECT token_obtain(?, ?)', [['ada', SQLITE3_TEXT], ['s3cret', SQLITE3_TEXT]]);
check('token_obtain', $body === "{\"token\":\"$key\"}", $body);
$body = once($db, 'SELECT token_obtain(?, ?)', [['ada', SQLITE3_TEXT], ['wrong', SQLITE3_TEXT]]);
check('token_obtain with a wrong password',
      $body === '{"non_field_errors":["Unable to log in with provided credentials."]}', $body);

$db->exec("INSERT INTO users (username) VALUES ('bob')");
$bob = $db->lastInsertRowID();
[$deleted] = row($db, 'SELECT token_delete(?)', [[$bob, SQLITE3_INTEGER]]);
$left = $db->querySingle("SELECT count(*) FROM authtoken_token WHERE user_id = $bob");
check('execute() + fetchArray() runs a SELECT twice: token_delete counts 0 (trap)',
      $deleted === 0 && $left === 0, var_export([$deleted, $left], true));
$created = once($db, 'SELECT token_create(?)', [$bob]);  // a PHP int
[$stored] = row($db, 'SELECT key FROM authtoken_token WHERE user_id = ?', [[$bob, SQLITE3_INTEGER]]);
check('token_create(int), run once', is_string($created) && $created === $stored && strlen($created) === 40,
      var_export($created, true));
$deleted = once($db, 'SELECT token_delete(?)', [[$bob, SQLITE3_INTEGER]]);
check('token_delete(int), run once, counts 1', $deleted === 1, var_export($deleted, true));

$text = (string) $bob;  // an id as $_GET or $_POST gives it
$created = once($db, 'SELECT token_create(?)', [$text]);  // bob has no token here
[$stored] = row($db, 'SELECT key FROM authtoken_token WHERE user_id = ?', [[$bob, SQLITE3_INTEGER]]);
$deleted = once($db, 'SELECT token_delete(?)', [$text]);
check('token_create and token_delete with the id as a string', is_string($created) && $created === $stored
      && strlen($created) === 40 && $deleted === 1, var_export([$created, $deleted], true));

check('close', $db->close() === true);

if (PHP_VERSION_ID < 80400) {
    $pdo = new PDO("sqlite:$dir/app.db");
    $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $why = '';
    try {
        $pdo->query("SELECT load_extension('" . getenv('AUTHTOKEN_EXT') . "')");
    } catch (PDOException $e) {
        $why = $e->getMessage();
    }
    check('PDO before PHP 8.4 cannot load it (no method; load_extension() not authorized)',
          !method_exists($pdo, 'loadExtension') && !method_exists($pdo, 'sqliteLoadExtension')
          && str_contains($why, 'not authorized'), $why);
}
exit($failed ? 1 : 0);
