// AuthtokenJdbcTest.java: Java's JDBC with sqlite-jdbc (Debian's libxerial-sqlite-jdbc-java)
// loading authtoken. Prints PASS/FAIL lines.
// Usage: java -cp /usr/share/java/sqlite-jdbc.jar:. AuthtokenJdbcTest EXT DIR
// (EXT without .so, DIR a scratch directory).
//
// Traps shown here, each with its fix:
//   - load_extension() is "not authorized" unless the connection is opened with
//     SQLiteConfig.enableLoadExtension(true); then SELECT load_extension(?) with the path bound.
//   - ResultSet.getLong() reads a NULL token_user as 0, a user id: check wasNull() after it.
//     getObject(1, Long.class) is no way out: sqlite-jdbc 3.40 throws "Bad value for type
//     Long" on NULL (plain getObject(1) gives null, or an Integer or a Long).
//   - Bind the header with setBytes() (a BLOB) or setString(); the id with setLong().
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import org.sqlite.SQLiteConfig;

public class AuthtokenJdbcTest {
    static int failed = 0;

    static void check(String name, boolean ok, Object detail) {
        if (ok) {
            System.out.println("PASS java: " + name);
        } else {
            failed++;
            System.out.println("FAIL java: " + name + ": " + detail);
        }
    }

    // the first column of the one row of sql with args bound by their Java type
    static Object one(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof byte[]) st.setBytes(i + 1, (byte[]) args[i]);
                else if (args[i] instanceof Long) st.setLong(i + 1, (Long) args[i]);
                else st.setString(i + 1, (String) args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        String ext = argv[0], url = "jdbc:sqlite:" + argv[1] + "/app.db";

        try (Connection plain = DriverManager.getConnection(url);
             PreparedStatement st = plain.prepareStatement("SELECT load_extension(?)")) {
            st.setString(1, ext);
            st.executeQuery();
            check("load_extension() without enableLoadExtension(true) is refused (trap)", false, "loaded");
        } catch (SQLException e) {
            check("load_extension() without enableLoadExtension(true) is refused (trap)",
                  e.getMessage().contains("not authorized"), e.getMessage());
        }

        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        Connection db = DriverManager.getConnection(url, config.toProperties());
        one(db, "SELECT load_extension(?)", ext);
        check("load (SQLiteConfig.enableLoadExtension(true), SELECT load_extension(?))",
              one(db, "SELECT authtoken_version()") instanceof String, "");

        try (Statement st = db.createStatement()) {
            st.executeUpdate("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, "
                             + "password TEXT, is_active INTEGER DEFAULT 1)");
        }
        one(db, "SELECT token_install('users')");
        long ada;
        try (PreparedStatement st = db.prepareStatement(
                 "INSERT INTO users (username, password) VALUES (?, token_password_hash(?, 1000))")) {
            st.setString(1, "ada");
            st.setString(2, "s3cret");
            st.executeUpdate();
        }
        ada = ((Number) one(db, "SELECT last_insert_rowid()")).longValue();
        Object key = one(db, "SELECT key FROM authtoken_token WHERE user_id = ?", ada);
        check("the trigger issues a token",
              key instanceof String && ((String) key).matches("[0-9a-f]{40}"), key);

        byte[] good = ("Token " + key).getBytes(StandardCharsets.UTF_8);
        byte[] unknown = ("Token " + key + "x").getBytes(StandardCharsets.UTF_8);
        try (PreparedStatement st = db.prepareStatement("SELECT token_user(?), typeof(?)")) {
            st.setBytes(1, good);
            st.setBytes(2, good);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                Long user = rs.wasNull() ? null : id;
                check("token_user(setBytes header) into a Long (getLong(), wasNull())",
                      "blob".equals(rs.getString(2)) && user != null && user == ada, user);
            }
            st.setBytes(1, unknown);
            st.setBytes(2, unknown);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long asLong = rs.getLong(1);
                boolean wasNull = rs.wasNull();
                check("getLong() reads a NULL token_user as 0 (trap)", asLong == 0, asLong);
                Long user = wasNull ? null : asLong;
                check("token_user: an unknown key is null (getLong(), then wasNull())", user == null, user);
                String thrown = null;
                try {
                    rs.getObject(1, Long.class);
                } catch (SQLException e) {
                    thrown = e.getMessage();
                }
                check("getObject(1, Long.class) throws on NULL in sqlite-jdbc 3.40 (trap)",
                      "Bad value for type Long".equals(thrown), thrown);
            }
        }

        Object body = one(db, "SELECT token_obtain(?, ?)", "ada", "s3cret");
        check("token_obtain", ("{\"token\":\"" + key + "\"}").equals(body), body);
        body = one(db, "SELECT token_obtain(?, ?)", "ada", "wrong");
        check("token_obtain with a wrong password",
              "{\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}".equals(body), body);

        try (Statement st = db.createStatement()) {
            st.executeUpdate("INSERT INTO users (username) VALUES ('bob')");
        }
        long bob = ((Number) one(db, "SELECT last_insert_rowid()")).longValue();
        Object deleted = one(db, "SELECT token_delete(?)", bob);
        Object created = one(db, "SELECT token_create(?)", bob);
        Object stored = one(db, "SELECT key FROM authtoken_token WHERE user_id = ?", bob);
        check("token_create(setLong)", ((Number) deleted).intValue() == 1 && created instanceof String
              && created.equals(stored) && ((String) created).length() == 40, created);

        String text = Long.toString(bob); // an id as a request parameter gives it
        deleted = one(db, "SELECT token_delete(?)", text);
        created = one(db, "SELECT token_create(?)", text);
        stored = one(db, "SELECT key FROM authtoken_token WHERE user_id = ?", bob);
        check("token_delete and token_create with the id bound by setString",
              ((Number) deleted).intValue() == 1 && created instanceof String && created.equals(stored)
              && ((String) created).length() == 40, created);

        try {
            db.close();
            check("close", db.isClosed(), "still open");
        } catch (SQLException e) {
            check("close", false, e.getMessage());
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
