# test.rb: Ruby's sqlite3 gem (Debian's ruby-sqlite3) loading authtoken. Prints PASS/FAIL lines.
# Usage: ruby test.rb EXT DIR (EXT without .so, DIR a scratch directory).
#
# Traps shown here, each with its fix:
#   - A binary (ASCII-8BIT) String, as Rack gives headers, binds as a BLOB; a UTF-8 String as
#     TEXT. token_user reads both as the same bytes, so either works.
#   - token_user is NULL (nil) for a header that does not authenticate: test for nil, never
#     call to_i on it (nil.to_i is 0).
require 'sqlite3'

ext, dir = ARGV
$failed = 0
def check(name, ok, detail = '')
  if ok
    puts "PASS ruby: #{name}"
  else
    $failed += 1
    puts "FAIL ruby: #{name}: #{detail}"
  end
end

db = SQLite3::Database.new(File.join(dir, 'app.db'))
# The gem's documented idiom (1.4 loads without it; later gems need it): enable, load, disable.
db.enable_load_extension(true)
db.load_extension(ext)
db.enable_load_extension(false)
check('load', !db.get_first_value('SELECT authtoken_version()').to_s.empty?)

db.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT, is_active INTEGER DEFAULT 1)')
db.get_first_value("SELECT token_install('users')")
db.execute('INSERT INTO users (username, password) VALUES (?, token_password_hash(?, 1000))', ['ada', 's3cret'])
ada = db.last_insert_row_id
key = db.get_first_value('SELECT key FROM authtoken_token WHERE user_id = ?', ada)
check('the trigger issues a token', key.is_a?(String) && key.match?(/\A[0-9a-f]{40}\z/), key.inspect)

header = "Token #{key}".b
check('a binary String binds as a BLOB', db.get_first_value('SELECT typeof(?)', header) == 'blob')
user = db.get_first_value('SELECT token_user(?)', header)
check('token_user(binary String header)', user == ada, user.inspect)
user = db.get_first_value('SELECT token_user(?)', "Token #{key}")
check('token_user(UTF-8 String header)', user == ada, user.inspect)
user = db.get_first_value('SELECT token_user(?)', "Token #{key}x".b)
check('token_user: an unknown key is nil, not 0', user.nil?, user.inspect)

body = db.get_first_value('SELECT token_obtain(?, ?)', ['ada', 's3cret'])
check('token_obtain', body == %({"token":"#{key}"}), body)
body = db.get_first_value('SELECT token_obtain(?, ?)', ['ada', 'wrong'])
check('token_obtain with a wrong password', body == '{"non_field_errors":["Unable to log in with provided credentials."]}', body)

db.execute("INSERT INTO users (username) VALUES ('bob')")
bob = db.last_insert_row_id
deleted = db.get_first_value('SELECT token_delete(?)', bob)
created = db.get_first_value('SELECT token_create(?)', bob)
stored = db.get_first_value('SELECT key FROM authtoken_token WHERE user_id = ?', bob)
check('token_create(Integer)', deleted == 1 && created == stored && created.length == 40, created.inspect)

deleted = db.get_first_value('SELECT token_delete(?)', bob.to_s)
created = db.get_first_value('SELECT token_create(?)', bob.to_s)
stored = db.get_first_value('SELECT key FROM authtoken_token WHERE user_id = ?', bob)
check('token_delete and token_create with the id as a String', deleted == 1 && created == stored && created.length == 40, created.inspect)

begin
  db.close
  check('close', db.closed?)
rescue SQLite3::Exception => e
  check('close', false, e.message)
end
exit($failed.zero? ? 0 : 1)
