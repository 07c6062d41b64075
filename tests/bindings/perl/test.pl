# test.pl: Perl's DBI with DBD::SQLite (Debian's libdbd-sqlite3-perl) loading authtoken.
# Prints PASS/FAIL lines. Usage: perl test.pl EXT DIR (EXT without .so, DIR a scratch directory).
#
# Traps shown here, each with its fix:
#   - DBD::SQLite binds every plain value as TEXT, numbers included: give the type
#     (bind_param($n, $id, SQL_INTEGER), or sqlite_see_if_its_a_number => 1 on the handle).
#   - Bytes bind as a BLOB only with bind_param($n, $bytes, SQL_BLOB); token_user reads TEXT
#     and BLOB as the same bytes, so a header works either way.
#   - token_user is NULL (undef) for a header that does not authenticate: test defined(),
#     never use it as a number (undef is 0 there).
use strict;
use warnings;
use DBI qw(:sql_types);

my ($ext, $dir) = @ARGV;
my $failed = 0;
sub check {
    my ($name, $ok, $detail) = @_;
    if ($ok) { print "PASS perl: $name\n"; }
    else { $failed++; print "FAIL perl: $name: ", ($detail // ''), "\n"; }
}
sub show { defined $_[0] ? "'$_[0]'" : 'undef' }

my $dbh = DBI->connect("dbi:SQLite:dbname=$dir/app.db", '', '',
                       { RaiseError => 1, PrintError => 0, AutoCommit => 1 });
$dbh->sqlite_enable_load_extension(1);
$dbh->sqlite_load_extension($ext);
$dbh->sqlite_enable_load_extension(0);
my ($version) = $dbh->selectrow_array('SELECT authtoken_version()');
check('load', defined $version && $version ne '');

$dbh->do('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT, is_active INTEGER DEFAULT 1)');
$dbh->selectrow_array("SELECT token_install('users')");
$dbh->do('INSERT INTO users (username, password) VALUES (?, token_password_hash(?, 1000))', undef, 'ada', 's3cret');
my $ada = $dbh->sqlite_last_insert_rowid;
my ($key) = $dbh->selectrow_array('SELECT key FROM authtoken_token WHERE user_id = ?', undef, $ada);
check('the trigger issues a token', defined $key && $key =~ /\A[0-9a-f]{40}\z/, show($key));

my ($type) = $dbh->selectrow_array('SELECT typeof(?)', undef, 2);
check('a plain number binds as TEXT (trap)', $type eq 'text', $type);

my $sth = $dbh->prepare('SELECT token_user(?), typeof(?)');
my $user_of = sub {
    my ($header) = @_;
    $sth->bind_param(1, $header, SQL_BLOB);
    $sth->bind_param(2, $header, SQL_BLOB);
    $sth->execute;
    my @row = $sth->fetchrow_array;
    $sth->finish;
    return @row;
};
my ($user, $as) = $user_of->("Token $key");
check('token_user(header bound as SQL_BLOB)', $as eq 'blob' && defined $user && $user == $ada, show($user) . " $as");
($user) = $user_of->("Token ${key}x");
check('token_user: an unknown key is undef, not 0', !defined $user, show($user));
($user) = $dbh->selectrow_array('SELECT token_user(?)', undef, "Token $key");
check('token_user(header bound as TEXT)', defined $user && $user == $ada, show($user));

my ($body) = $dbh->selectrow_array('SELECT token_obtain(?, ?)', undef, 'ada', 's3cret');
check('token_obtain', $body eq qq({"token":"$key"}), $body);
($body) = $dbh->selectrow_array('SELECT token_obtain(?, ?)', undef, 'ada', 'wrong');
check('token_obtain with a wrong password', $body eq '{"non_field_errors":["Unable to log in with provided credentials."]}', $body);

$dbh->do("INSERT INTO users (username) VALUES ('bob')");
my $bob = $dbh->sqlite_last_insert_rowid;
my $del = $dbh->prepare('SELECT token_delete(?)');
$del->bind_param(1, $bob, SQL_INTEGER);
$del->execute;
my ($deleted) = $del->fetchrow_array;
$del->finish;
my $create = $dbh->prepare('SELECT token_create(?)');
$create->bind_param(1, $bob, SQL_INTEGER);
$create->execute;
my ($created) = $create->fetchrow_array;
$create->finish;
my ($stored) = $dbh->selectrow_array('SELECT key FROM authtoken_token WHERE user_id = ?', undef, $bob);
check('token_create(id bound as SQL_INTEGER)', $deleted == 1 && defined $created && $created eq $stored, show($created));

# A plain Perl value binds as TEXT: the id as DBD::SQLite passes it by default.
($deleted) = $dbh->selectrow_array('SELECT token_delete(?)', undef, $bob);
($created) = $dbh->selectrow_array('SELECT token_create(?)', undef, $bob);
($stored) = $dbh->selectrow_array('SELECT key FROM authtoken_token WHERE user_id = ?', undef, $bob);
check('token_delete and token_create with the id bound as TEXT (the default)',
      $deleted == 1 && defined $created && $created eq $stored, show($created));

undef $sth; undef $del; undef $create;
check('close', $dbh->disconnect, $DBI::errstr);
exit($failed ? 1 : 0);
