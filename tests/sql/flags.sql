-- flags.sql: the registered functions, their argument counts and flags, as documented.
-- flags: 0x80000 SQLITE_DIRECTONLY, 0x200000 SQLITE_INNOCUOUS, 0x800 SQLITE_DETERMINISTIC.
.load ./dist/authtoken
.mode list
SELECT name, narg,
       CASE WHEN flags & 0x80000 THEN 'directonly' ELSE '' END,
       CASE WHEN flags & 0x200000 THEN 'innocuous' ELSE '' END,
       CASE WHEN flags & 0x800 THEN 'deterministic' ELSE '' END
  FROM pragma_function_list
 WHERE name LIKE 'token\_%' ESCAPE '\' OR name LIKE 'authtoken\_%' ESCAPE '\'
 ORDER BY name, narg;
SELECT 'modules', name FROM pragma_module_list WHERE name LIKE 'authtoken%';
