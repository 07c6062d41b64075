/*
** test_password.c: unit tests for ext/pure/pbkdf2.c, ext/pure/sha256_shani.c and ext/pure/password.c.
**
** Prints one line per check, "PASS <name>" or "FAIL <name>: <detail>", and exits 1 if any
** check failed. Vectors: RFC 6070 (PBKDF2-HMAC-SHA1), RFC 7914 section 11 and the usual
** "password"/"salt" PBKDF2-HMAC-SHA256 set, and hashes made by Django 3.2.25 (argon2-cffi
** 21.1, bcrypt 3.2.2) for the password "correct horse \u00e9\u2603" (UTF-8); scrypt ones
** (Django 4.0+) made with hashlib.scrypt as Django's encode() calls it.
** Build: cc -std=c11 -O2 -Iext/pure tests/unit/test_password.c ext/pure/password.c ext/pure/pbkdf2.c
**        ext/pure/sha256_shani.c -lsodium -o dist/test_password
*/
#include "password.h"
#include "pbkdf2.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checks;

/* Records one check: prints PASS, or FAIL with detail. */
static void check(const char *name, int ok, const char *detail) {
  checks++;
  if (ok) {
    printf("PASS %s\n", name);
  } else {
    failures++;
    printf("FAIL %s: %s\n", name, detail);
  }
}

/* ---- PBKDF2 known answers ---- */

struct kat {
  int sha1;
  const char *pw;
  size_t pw_len;
  const char *salt;
  size_t salt_len;
  unsigned long iterations;
  const char *hex;
};

static const struct kat KATS[] = {
    {0, "password", 8, "salt", 4, 1UL,
     "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"},
    {0, "password", 8, "salt", 4, 2UL,
     "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"},
    {0, "password", 8, "salt", 4, 4096UL,
     "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"},
    {0, "passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096UL,
     "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"},
    {0, "pass\x00word", 9, "sa\x00lt", 5, 4096UL, "89b69d0516f829893c696226650a8687"},
    {0, "passwd", 6, "salt", 4, 1UL,
     "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
     "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"},
    {0, "Password", 8, "NaCl", 4, 80000UL,
     "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
     "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"},
    {0,
     "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK"
     "KKKKKKKKKKKKKKKKKK",
     100, "", 0, 3UL, "bb0b15cac0dd333e332206e4c595762a1642a15c5a8dc1f656caf111e440a7df67"},
    {1, "password", 8, "salt", 4, 1UL, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
    {1, "password", 8, "salt", 4, 2UL, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
    {1, "password", 8, "salt", 4, 4096UL, "4b007901b765489abead49d926f721d065a429c1"},
    {1, "passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096UL,
     "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
    {1, "pass\x00word", 9, "sa\x00lt", 5, 4096UL, "56fa6aa75548099dcc37d7f03425e0c3"},
    {1, "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK", 65,
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 64, 7UL,
     "b3ba661cff4dc47f438b0f7f358bb739deb4646dfddfffb09c79f587f20b91007d33579f205dca81a8"},
};

/* Runs every known-answer vector on the current SHA-256 path (tag names the path). */
static void test_kats(const char *tag) {
  char name[96], hex[2 * 64 + 1], detail[200];
  unsigned char out[64];
  size_t i, n;
  for (i = 0; i < sizeof KATS / sizeof KATS[0]; i++) {
    const struct kat *k = &KATS[i];
    int rc;
    n = strlen(k->hex) / 2;
    rc = k->sha1
             ? pbkdf2_hmac_sha1(k->pw, k->pw_len, k->salt, k->salt_len, k->iterations, out, n)
             : pbkdf2_hmac_sha256(k->pw, k->pw_len, k->salt, k->salt_len, k->iterations, out, n);
    sodium_bin2hex(hex, sizeof hex, out, n);
    snprintf(name, sizeof name, "pbkdf2_%s_kat_%zu_%s", k->sha1 ? "sha1" : "sha256", i, tag);
    snprintf(detail, sizeof detail, "rc=%d got %s", rc, hex);
    check(name, rc == 0 && strcmp(hex, k->hex) == 0, detail);
  }
}

/* Checks argument validation of the PBKDF2 functions. */
static void test_pbkdf2_args(void) {
  unsigned char out[32];
  check("pbkdf2_zero_iterations", pbkdf2_hmac_sha256("p", 1, "s", 1, 0, out, 32) == -1,
        "iterations 0 accepted");
  check("pbkdf2_zero_length", pbkdf2_hmac_sha1("p", 1, "s", 1, 1, out, 0) == -1,
        "out_len 0 accepted");
  check("pbkdf2_impl_name",
        !strcmp(pbkdf2_impl_name(), "sha-ni") || !strcmp(pbkdf2_impl_name(), "portable"),
        pbkdf2_impl_name());
}

/* Derives with random inputs on both paths and checks they agree. */
static void test_paths_agree(void) {
  unsigned char pw[200], salt[150], a[100], b[100];
  char detail[120];
  int i, bad = 0;
  if (!sha256_shani_available()) {
    check("pbkdf2_shani_matches_portable", 1, "");
    printf("     (no SHA-NI on this CPU: only the portable path was tested)\n");
    return;
  }
  for (i = 0; i < 300 && !bad; i++) {
    size_t pl = randombytes_uniform(sizeof pw + 1), sl = randombytes_uniform(sizeof salt);
    size_t ol = 1 + randombytes_uniform(sizeof a);
    unsigned long it = 1 + randombytes_uniform(40);
    randombytes_buf(pw, sizeof pw);
    randombytes_buf(salt, sizeof salt);
    pbkdf2_force_portable(1);
    pbkdf2_hmac_sha256(pw, pl, salt, sl, it, a, ol);
    pbkdf2_force_portable(0);
    pbkdf2_hmac_sha256(pw, pl, salt, sl, it, b, ol);
    if (memcmp(a, b, ol) != 0) {
      bad = 1;
      snprintf(detail, sizeof detail, "differ at case %d (pw %zu, salt %zu, it %lu)", i, pl, sl,
               it);
    }
  }
  check("pbkdf2_shani_matches_portable", !bad, detail);
  check("pbkdf2_force_portable_name",
        (pbkdf2_force_portable(1), !strcmp(pbkdf2_impl_name(), "portable")) &&
            (pbkdf2_force_portable(0), !strcmp(pbkdf2_impl_name(), "sha-ni")),
        "impl name does not follow the hook");
}

/* ---- Django vectors ---- */

#define PW "correct horse \xc3\xa9\xe2\x98\x83"

struct django_vec {
  const char *name;
  const char *encoded;
  int nul_matches; /* Django's answer for the password followed by one NUL byte */
};

static const struct django_vec DJANGO[] = {
    {"pbkdf2_sha256_260k",
     "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=", 1},
    {"pbkdf2_sha256_1m",
     "pbkdf2_sha256$1000000$Zq4mN8pW2xL6vR0tY3uB7s$z7Y2K0sstkUKOHr7AqRuFbrzk8df42jtUpawxzAc1s4=",
     1},
    {"pbkdf2_sha1_260k",
     "pbkdf2_sha1$260000$sha1saltAbCdEfGhIjKlMn$csNyE/VdjPd7/QgfnQi4w30pcBQ=", 1},
    {"argon2id_django",
     "argon2$argon2id$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
     0},
    {"argon2i",
     "argon2$argon2i$v=19$m=4096,t=3,p=2$YXJnb24yaVNhbHRYeVowMTIzNDU2$"
     "iURf1FMEagYIGp5yYnr2xyyIaZ1tGg44C5NgKt+000I",
     0},
    {"bcrypt_sha256", "bcrypt_sha256$$2b$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO",
     0},
    /* scrypt: Django 4.0+'s format, made with hashlib.scrypt exactly as its encode() does */
    {"scrypt_p5",
     "scrypt$16384$scryptSaltAbCdEfGhIjKl$8$5$enHEnZX0KJR6IMGrW3BW03HOob92CqyU/8BM54kHKQnycnUF"
     "xFQtu6yUvgOxdltNoaKn8Mf3AkbSd6/M21HYTw==",
     1},
    {"scrypt_p1",
     "scrypt$16384$scryptSaltAbCdEfGhIjKl$8$1$rEReW2tlAl99owI7b/6PiYXm5Unl5Y2YyIp2dMIbuO4oIS2H"
     "Yb8+7S0+z7CffvALDT25kO2LlMiLPFqF2AgPyw==",
     1},
    {"scrypt_r1_n32768",
     "scrypt$32768$x$1$1$DCsRc7foe2oJanW9MinbveaKqLUv5HoWatsHKByI64/dFkzfygATm94tMmaQ8Gt4+Qg39"
     "IqyGcpvHBgvqZEkeA==",
     1},
};

/* Returns password_verify on NUL-terminated arguments. */
static int verify_str(const char *pw, const char *enc) {
  return password_verify(pw, strlen(pw), enc, strlen(enc));
}

/* Each Django hash: right password matches; wrong and empty ones do not; the password
   plus a NUL byte gets Django's answer (HMAC zero-pads short keys, so PBKDF2 and
   scrypt, whose first step is PBKDF2, match). */
static void test_django(void) {
  char name[96];
  size_t i;
  for (i = 0; i < sizeof DJANGO / sizeof DJANGO[0]; i++) {
    const char *enc = DJANGO[i].encoded;
    int bcrypt = !strncmp(enc, "bcrypt_sha256$", 14);
    if (bcrypt && !password_algorithm_supported("bcrypt_sha256")) {
      printf("SKIP django_%s: no system bcrypt (libcrypt's crypt_r)\n", DJANGO[i].name);
      continue;
    }
    snprintf(name, sizeof name, "django_%s_match", DJANGO[i].name);
    check(name, verify_str(PW, enc) == 1, "right password rejected");
    snprintf(name, sizeof name, "django_%s_wrong", DJANGO[i].name);
    check(name, verify_str(PW "x", enc) == 0, "wrong password accepted");
    snprintf(name, sizeof name, "django_%s_empty", DJANGO[i].name);
    check(name, password_verify(NULL, 0, enc, strlen(enc)) == 0, "empty password accepted");
    snprintf(name, sizeof name, "django_%s_trailing_nul", DJANGO[i].name);
    check(name, password_verify(PW, sizeof PW, enc, strlen(enc)) == DJANGO[i].nul_matches,
          "differs from Django's answer");
  }
}

/* ---- malformed and hostile hashes ---- */

static const char *const GARBAGE[] = {
    "",
    /* plain bcrypt of PW: BCryptPasswordHasher is not in Django's defaults, Django says no */
    "bcrypt$$2b$12$Fj/Bes3Y3Kx2m1b3uEhyKO3Ixv3uTa1D6mksORMJoFg3R7/e2xdkC",
    "!",
    "!pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256",
    "pbkdf2_sha256$",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0==",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG1=",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=$",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$ 0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$!!!!",
    "pbkdf2_sha256$0260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$+260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$260000 $seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$0$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$-1$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$100000001$s$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$18446744073709551617$s$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$99999999999999999999999999$s$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha256$260000$$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "PBKDF2_SHA256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha1$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "pbkdf2_sha512$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=",
    "md5$salt$0123456789abcdef0123456789abcdef",
    "0123456789abcdef0123456789abcdef",
    "sha1$$0123456789abcdef0123456789abcdef01234567",
    "argon2",
    "argon2$",
    "argon2$argon2id",
    "argon2$argon2id$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg",
    "argon2$argon2id$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZ",
    "argon2$argon2id$v=19$m=2000000,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=19$m=102400,t=1000,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/"
    "LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=19$m=102400,t=2,p=8,x=1$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/"
    "LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=19$m=102400,t=2$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=19$t=2,m=102400,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=16$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2d$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2id$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=19$m=,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "argon2$argon2id$v=19$m=102400,t=2,p=8$$",
    "argon2argon2id$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "$argon2id$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg",
    "bcrypt_sha256",
    "bcrypt_sha256$",
    "bcrypt_sha256$$2b$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEg",
    "bcrypt_sha256$$2b$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgOx",
    "bcrypt_sha256$$2b$31$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO",
    "bcrypt_sha256$$2b$1x$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO",
    "bcrypt_sha256$$9z$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO",
    "bcrypt_sha256$2b$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO",
    "bcrypt$$2b$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO",
    "scrypt$16384$salt$8$1$abc=",
    "scrypt$16384$scryptSaltAbCdEfGhIjKl$8$5$enHEnZX0KJR6IMGrW3BW03HOob92CqyU/8BM54kHKQnycnUF"
    "xFQtu6yUvgOxdltNoaKn8Mf3AkbSd6/M21HYTw=",
    "scrypt$16384$scryptSaltAbCdEfGhIjKl$8$5$enHEnZX0KJR6IMGrW3BW03HOob92CqyU/8BM54kHKQnycnUF"
    "xFQtu6yUvgOxdltNoaKn8Mf3AkbSd6/M21HYTw==$",
    "scrypt$016384$scryptSaltAbCdEfGhIjKl$8$5$enHEnZX0KJR6IMGrW3BW03HOob92CqyU/8BM54kHKQnycnU"
    "FxFQtu6yUvgOxdltNoaKn8Mf3AkbSd6/M21HYTw==",
    "scrypt$16384$$8$5$enHEnZX0KJR6IMGrW3BW03HOob92CqyU/8BM54kHKQnycnUFxFQtu6yUvgOxdltNoaKn8M"
    "f3AkbSd6/M21HYTw==",
    "scrypt$16383$x$8$1$DCsRc7foe2oJanW9MinbveaKqLUv5HoWatsHKByI64/dFkzfygATm94tMmaQ8Gt4+Qg39"
    "IqyGcpvHBgvqZEkeA==",
    "scrypt$65536$x$1$1$DCsRc7foe2oJanW9MinbveaKqLUv5HoWatsHKByI64/dFkzfygATm94tMmaQ8Gt4+Qg39"
    "IqyGcpvHBgvqZEkeA==",
    "scrypt$1048576$x$8$1$DCsRc7foe2oJanW9MinbveaKqLUv5HoWatsHKByI64/dFkzfygATm94tMmaQ8Gt4+Qg3"
    "9IqyGcpvHBgvqZEkeA==",
    "scrypt$16384$x$8$17$DCsRc7foe2oJanW9MinbveaKqLUv5HoWatsHKByI64/dFkzfygATm94tMmaQ8Gt4+Qg3"
    "9IqyGcpvHBgvqZEkeA==",
    "scrypt$16384$x$0$1$DCsRc7foe2oJanW9MinbveaKqLUv5HoWatsHKByI64/dFkzfygATm94tMmaQ8Gt4+Qg39"
    "IqyGcpvHBgvqZEkeA==",
    "$$$$$$$$",
    "\xff\xfe\x80$\xc3",
};

/* Every garbage hash verifies as 0 with the password that matches the real ones. */
static void test_garbage(void) {
  char name[64], detail[200];
  size_t i;
  for (i = 0; i < sizeof GARBAGE / sizeof GARBAGE[0]; i++) {
    snprintf(name, sizeof name, "garbage_%zu", i);
    snprintf(detail, sizeof detail, "accepted %.150s", GARBAGE[i]);
    check(name, verify_str(PW, GARBAGE[i]) == 0, detail);
  }
}

/* Embedded NULs, NULL pointers, huge input and random bytes are all rejected safely. */
static void test_hostile(void) {
  static const char good[] =
      "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0=";
  char buf[sizeof good + 1], *big;
  unsigned char rnd[200];
  int i, bad = 0;
  memcpy(buf, good, sizeof good);
  buf[30] = '\0';
  check("nul_inside_salt", password_verify(PW, strlen(PW), buf, sizeof good - 1) == 0, "accepted");
  check("nul_after_hash", password_verify(PW, strlen(PW), good, sizeof good) == 0,
        "hash with trailing NUL accepted");
  check("nul_in_password_pbkdf2_like_django",
        password_verify(PW "\0\0", sizeof PW + 1, good, sizeof good - 1) == 1, "rejected");
  check("nul_in_password_middle", password_verify("correct\0horse", 13, good, sizeof good - 1) == 0,
        "accepted");
  check("null_encoded", password_verify(PW, strlen(PW), NULL, 10) == 0, "accepted");
  check("null_password_with_length", password_verify(NULL, 5, good, sizeof good - 1) == 0,
        "accepted");
  big = malloc(1 << 20);
  if (big) {
    memset(big, 'A', 1 << 20);
    memcpy(big, "pbkdf2_sha256$1$", 16);
    big[40] = '$';
    check("huge_hash", password_verify(PW, strlen(PW), big, 1 << 20) == 0, "accepted");
    free(big);
  }
  for (i = 0; i < 20000; i++) {
    size_t n = randombytes_uniform(sizeof rnd);
    static const char *const prefixes[] = {
        "pbkdf2_sha256$1$",      "pbkdf2_sha1$1$", "argon2$", "argon2$argon2id$v=19$",
        "bcrypt_sha256$$2b$04$", "scrypt$16$",     ""};
    const char *pre = prefixes[i % 7];
    size_t pl = strlen(pre);
    randombytes_buf(rnd, sizeof rnd);
    memcpy(rnd, pre, pl < n ? pl : n);
    bad |= password_verify((const char *)rnd + 100, 50, (const char *)rnd, n);
  }
  check("random_bytes", !bad, "some random hash verified");
}

/* ---- password_hash, password_burn, password_algorithm_supported ---- */

/* Returns 1 if s[0..n) is all [A-Za-z0-9]. */
static int all_alnum(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return 0;
  }
  return 1;
}

/* Returns 1 if s[0..n) is all standard base64 characters followed by optional '='. */
static int all_b64(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '=' && i >= n - 2) continue;
    if (!all_alnum(&c, 1) && c != '+' && c != '/') return 0;
  }
  return 1;
}

/* Checks the shape "pbkdf2_sha256$1000$<22 alnum>$<44 base64>" of a made hash. */
static int hash_shape_ok(const char *h, const char *iter) {
  size_t pre = strlen("pbkdf2_sha256$") + strlen(iter) + 1;
  return strlen(h) == pre + 22 + 1 + 44 && !strncmp(h, "pbkdf2_sha256$", 14) &&
         !strncmp(h + 14, iter, strlen(iter)) && h[pre - 1] == '$' && all_alnum(h + pre, 22) &&
         h[pre + 22] == '$' && all_b64(h + pre + 23, 44) && h[pre + 23 + 43] == '=';
}

static void test_hash(void) {
  char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX], small[100];
  size_t need;
  check("hash_ok", password_hash(PW, strlen(PW), 1000, a, sizeof a) == 0, "rc != 0");
  check("hash_shape", hash_shape_ok(a, "1000"), a);
  check("hash_roundtrip", verify_str(PW, a) == 1, a);
  check("hash_roundtrip_wrong", verify_str(PW "x", a) == 0, a);
  check("hash_second", password_hash(PW, strlen(PW), 1000, b, sizeof b) == 0, "rc != 0");
  check("hash_salts_differ", strncmp(a, b, 14 + 5 + 22) != 0, b);
  check("hash_default_iterations",
        password_hash("pw", 2, PASSWORD_DEFAULT_ITERATIONS, a, sizeof a) == 0 &&
            hash_shape_ok(a, "1000000") && verify_str("pw", a) == 1,
        a);
  check("hash_empty_password",
        password_hash(NULL, 0, 3, a, sizeof a) == 0 && password_verify(NULL, 0, a, strlen(a)) &&
            verify_str("", a) && !verify_str(" ", a),
        a);
  check("hash_binary_password",
        password_hash("a\0b", 3, 3, a, sizeof a) == 0 && password_verify("a\0b", 3, a, strlen(a)) &&
            !password_verify("a", 1, a, strlen(a)),
        a);
  check("hash_zero_iterations", password_hash(PW, strlen(PW), 0, a, sizeof a) == -1, "accepted");
  check("hash_too_many_iterations",
        password_hash(PW, strlen(PW), PASSWORD_MAX_ITERATIONS + 1, a, sizeof a) == -1, "accepted");
  need = strlen("pbkdf2_sha256$1000$") + 22 + 1 + 44 + 1;
  check("hash_exact_size", password_hash(PW, strlen(PW), 1000, small, need) == 0, "rc != 0");
  check("hash_too_small", password_hash(PW, strlen(PW), 1000, small, need - 1) == -1, "accepted");
  check("hash_null_out", password_hash(PW, strlen(PW), 1000, NULL, 0) == -1, "accepted");
}

static void test_misc(void) {
  int bcrypt = password_algorithm_supported("bcrypt_sha256");
  check("supported_pbkdf2_sha256", password_algorithm_supported("pbkdf2_sha256") == 1, "0");
  check("supported_pbkdf2_sha1", password_algorithm_supported("pbkdf2_sha1") == 1, "0");
  check("supported_argon2", password_algorithm_supported("argon2") == 1, "0");
  check("unsupported_plain_bcrypt", password_algorithm_supported("bcrypt") == 0,
        "plain bcrypt is not among Django's default hashers");
  printf("     (system bcrypt: %s)\n", bcrypt ? "yes" : "no");
  check("unsupported_md5", password_algorithm_supported("md5") == 0, "1");
  check("supported_scrypt", password_algorithm_supported("scrypt") == 1, "0");
  check("unsupported_empty", password_algorithm_supported("") == 0, "1");
  check("unsupported_null", password_algorithm_supported(NULL) == 0, "1");
  check("unsupported_prefix", password_algorithm_supported("pbkdf2") == 0, "1");
  check("burn_returns", password_burn(PW, strlen(PW), NULL) == 0 && password_burn(NULL, 0, NULL) == 0,
        "not 0");
}

/* ---- timing made even (Django's harden_runtime), counted, never timed ---- */

#define V260K "pbkdf2_sha256$260000$seasalt22charsAbCdEfGh$0mW29R0AWMEYYivcF52HXMFDGMI2HEUS9xbEVHq2yG0="
#define V1M "pbkdf2_sha256$1000000$Zq4mN8pW2xL6vR0tY3uB7s$z7Y2K0sstkUKOHr7AqRuFbrzk8df42jtUpawxzAc1s4="
#define DEFAULT_ITER ((unsigned long long)PASSWORD_DEFAULT_ITERATIONS)

/* A poll's stop function for tests: counts its calls; stops once the work reaches limit. */
struct stopper {
  struct pbkdf2_poll *poll;
  unsigned long long limit; /* stop when poll->iterations >= limit (0: at the first call) */
  int calls;
};

static int stopper_stop(void *arg) {
  struct stopper *st = arg;
  st->calls++;
  return st->poll->iterations >= st->limit;
}

/* Runs password_check (login: password_login_check) under a counting poll that never
   stops; returns its result and the iterations computed in *work. */
static int counted(int login, const char *pw, const char *enc, unsigned long long *work) {
  struct pbkdf2_poll poll = {NULL, NULL, 0};
  size_t len = enc ? strlen(enc) : 0;
  int rc = login ? password_login_check(pw, strlen(pw), enc, len, &poll)
                 : password_check(pw, strlen(pw), enc, len, &poll);
  *work = poll.iterations;
  return rc;
}

/* Checks one counted case: result want_rc after exactly want_work iterations. */
static void check_work(const char *name, int login, const char *pw, const char *enc, int want_rc,
                       unsigned long long want_work) {
  unsigned long long work = 0;
  char detail[120];
  int rc = counted(login, pw, enc, &work);
  snprintf(detail, sizeof detail, "rc %d after %llu iterations, want %d after %llu", rc, work,
           want_rc, want_work);
  check(name, rc == want_rc && work == want_work, detail);
}

/* The pure function: default minus stored for weaker pbkdf2_sha256, else 0. */
static void test_harden_pure(void) {
  static const struct {
    const char *enc;
    unsigned long want;
  } cases[] = {
      {V260K, 740000UL},
      {V1M, 0},
      {"pbkdf2_sha256$1$s$x", 999999UL},
      {"pbkdf2_sha256$999999$s$x", 1UL},
      {"pbkdf2_sha256$1200000$s$x", 0},
      {"pbkdf2_sha256$10000001$s$x", 0}, /* refused: no check, nothing to pad */
      {"pbkdf2_sha256$x$s$x", 0},
      {"pbkdf2_sha1$260000$sha1saltAbCdEfGhIjKlMn$csNyE/VdjPd7/QgfnQi4w30pcBQ=", 0},
      {"argon2$argon2id$v=19$m=512,t=2,p=2$c2FsdHNhbHQ$aGFzaGhhc2g", 0},
      {"!pbkdf2_sha256$1$s$x", 0},
      {"", 0},
  };
  char name[64], detail[160];
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned long got = password_harden_iterations(cases[i].enc, strlen(cases[i].enc));
    snprintf(name, sizeof name, "harden_iterations_%zu", i);
    snprintf(detail, sizeof detail, "%lu for %.60s, want %lu", got, cases[i].enc, cases[i].want);
    check(name, got == cases[i].want, detail);
  }
  check("harden_iterations_null", password_harden_iterations(NULL, 5) == 0, "not 0");
}

/* Every failed login costs at least a default hash, counted in PBKDF2 iterations. */
static void test_harden_counted(void) {
  char sha1[128], b64[64];
  unsigned char d[PBKDF2_SHA1_LEN];
  check_work("work_wrong_260k_padded", 0, PW "x", V260K, 0, DEFAULT_ITER);
  check_work("work_right_260k_not_padded", 0, PW, V260K, 1, 260000);
  check_work("work_wrong_1m", 0, PW "x", V1M, 0, DEFAULT_ITER);
  pbkdf2_hmac_sha1("pw", 2, "salt", 4, 1000, d, sizeof d);
  sodium_bin2base64(b64, sizeof b64, d, sizeof d, sodium_base64_VARIANT_ORIGINAL);
  snprintf(sha1, sizeof sha1, "pbkdf2_sha1$1000$salt$%s", b64);
  check_work("work_sha1_right", 0, "pw", sha1, 1, 1000);
  check_work("work_sha1_wrong_not_padded_as_django", 0, "px", sha1, 0, 1000);
  check_work("login_unknown_user", 1, PW, NULL, 0, DEFAULT_ITER);
  check_work("login_unusable", 1, PW, "!" V260K, 0, DEFAULT_ITER);
  check_work("login_unknown_algorithm", 1, PW, "md5$salt$0123456789abcdef", 0, DEFAULT_ITER);
  check_work("login_malformed", 1, PW, "pbkdf2_sha256$x$s$x", 0, DEFAULT_ITER);
  check_work("login_over_limit", 1, PW, "pbkdf2_sha256$10000001$s$x", 0, DEFAULT_ITER);
  check_work("login_wrong_260k", 1, PW "x", V260K, 0, DEFAULT_ITER);
  check_work("login_right_260k", 1, PW, V260K, 1, 260000);
  check_work("check_unusable_no_work", 0, PW, "!" V260K, 0, 0);
}

/* A watched check stops when asked, and is asked about every PBKDF2_POLL_ITERATIONS. */
static void test_stop(void) {
  static const char argon[] =
      "argon2$argon2id$v=19$m=102400,t=2,p=8$cGlXZmpmMWZ1bEV2YzlxVnNXbkh3Tg$zBe50/LISI8M2pLf4KDfZg";
  struct pbkdf2_poll poll = {stopper_stop, NULL, 0};
  struct stopper st = {&poll, 0, 0};
  unsigned char out[32];
  size_t i;
  int rc, zero = 1;
  char detail[120];
  poll.arg = &st;
  rc = password_check(PW, strlen(PW), V1M, strlen(V1M), &poll);
  snprintf(detail, sizeof detail, "rc %d, %llu iterations, %d calls", rc, poll.iterations, st.calls);
  check("stop_first_poll", rc == PASSWORD_STOPPED && st.calls == 1 &&
                               poll.iterations == 1 + PBKDF2_POLL_ITERATIONS, detail);
  poll.iterations = 0, st.calls = 0, st.limit = 500000;
  rc = password_check(PW "x", strlen(PW) + 1, V260K, strlen(V260K), &poll);
  snprintf(detail, sizeof detail, "rc %d, %llu iterations", rc, poll.iterations);
  check("stop_during_harden", rc == PASSWORD_STOPPED && poll.iterations >= 500000 &&
                                  poll.iterations < 500000 + 2 * PBKDF2_POLL_ITERATIONS, detail);
  poll.iterations = 0, st.calls = 0, st.limit = 0;
  rc = password_check(PW, strlen(PW), argon, strlen(argon), &poll);
  check("stop_before_argon2", rc == PASSWORD_STOPPED && st.calls == 1, "not stopped before");
  poll.iterations = 0, st.calls = 0;
  rc = password_login_check(PW, strlen(PW), NULL, 0, &poll);
  check("stop_login_burn", rc == PASSWORD_STOPPED && st.calls == 1, "burn not stopped");
  poll.iterations = 0, st.calls = 0;
  memset(out, 0xaa, sizeof out);
  rc = pbkdf2_hmac_sha256_poll("p", 1, "s", 1, 100000, out, sizeof out, &poll);
  for (i = 0; i < sizeof out; i++) zero &= out[i] == 0;
  check("stop_pbkdf2_wipes_out", rc == PBKDF2_STOPPED && zero, "out not wiped or rc wrong");
  poll.iterations = 0, st.calls = 0, st.limit = ~0ULL; /* never stops: count the asks */
  rc = password_check(PW, strlen(PW), V1M, strlen(V1M), &poll);
  snprintf(detail, sizeof detail, "rc %d, %d calls", rc, st.calls);
  check("poll_every_chunk",
        rc == 1 && st.calls == (int)((DEFAULT_ITER - 1 + PBKDF2_POLL_ITERATIONS - 1) /
                                         PBKDF2_POLL_ITERATIONS) - 1, detail);
}

/* ---- limits: every Django default accepted, one past each limit refused unworked ---- */

static void test_limits(void) {
  static const struct {
    const char *enc;
    int usable;
  } cases[] = {
      {"pbkdf2_sha256$260000$s$x", 1},   /* Django 3.2 */
      {"pbkdf2_sha256$1000000$s$x", 1},  /* Django 5.2 */
      {"pbkdf2_sha256$1200000$s$x", 1},  /* Django 6.0 */
      {"pbkdf2_sha256$10000000$s$x", 1}, /* the limit */
      {"pbkdf2_sha256$10000001$s$x", 0},
      {"pbkdf2_sha1$1200000$s$x", 1},
      {"pbkdf2_sha1$2500000$s$x", 1},
      {"pbkdf2_sha1$2500001$s$x", 0},
      {"argon2$argon2i$v=19$m=512,t=2,p=2$c2FsdA$aGFzaA", 1},         /* Django 1.10-3.1 */
      {"argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA", 1},     /* Django 3.2-6.0 */
      {"argon2$argon2id$v=19$m=262144,t=4,p=16$c2FsdA$aGFzaA", 1},    /* the limits */
      {"argon2$argon2id$v=19$m=262145,t=4,p=16$c2FsdA$aGFzaA", 0},
      {"argon2$argon2id$v=19$m=262144,t=5,p=16$c2FsdA$aGFzaA", 0},
      {"argon2$argon2id$v=19$m=262144,t=4,p=17$c2FsdA$aGFzaA", 0},
      {"argon2$argon2id$v=19$m=1048576,t=64,p=8$c2FsdA$aGFzaA", 0}, /* issue 8's 30 s hash */
      {"scrypt$16384$s$8$1$eA==", 1},                                  /* Django 4.0-6.0 */
      {"scrypt$16384$s$8$8$eA==", 1},                                  /* work 2^20 */
      {"scrypt$16384$s$8$9$eA==", 0},
      {"scrypt$16384$s$8$17$eA==", 0},
  };
  char name[64], detail[160];
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned long long work = 0;
    int usable = password_usable(cases[i].enc, strlen(cases[i].enc));
    snprintf(name, sizeof name, "limit_%zu", i);
    snprintf(detail, sizeof detail, "usable %d for %s", usable, cases[i].enc);
    check(name, usable == cases[i].usable, detail);
    if (!cases[i].usable) {
      snprintf(name, sizeof name, "limit_%zu_no_work", i);
      check(name, counted(0, "pw", cases[i].enc, &work) == 0 && work == 0, "work done");
    }
  }
  if (password_algorithm_supported("bcrypt_sha256")) {
    static const char b12[] = "bcrypt_sha256$$2b$12$pVMwque8a27pYO8Ei5Fzg.kDW4KjlFSF4NVIdaS5z6vkm.JP/FEgO";
    char b[sizeof b12];
    memcpy(b, b12, sizeof b);
    check("limit_bcrypt_12", password_usable(b, strlen(b)) == 1, "refused");
    memcpy(b + 18, "13", 2);
    check("limit_bcrypt_13", password_usable(b, strlen(b)) == 1, "refused");
    memcpy(b + 18, "14", 2);
    check("limit_bcrypt_14", password_usable(b, strlen(b)) == 0, "accepted");
    memcpy(b + 18, "03", 2);
    check("limit_bcrypt_03", password_usable(b, strlen(b)) == 0, "accepted");
  }
}

int main(void) {
  if (sodium_init() < 0) {
    printf("FAIL sodium_init\n");
    return 1;
  }
  printf("# pbkdf2 implementation: %s\n", pbkdf2_impl_name());
  test_kats(pbkdf2_impl_name());
  pbkdf2_force_portable(1);
  test_kats("portable");
  pbkdf2_force_portable(0);
  test_pbkdf2_args();
  test_paths_agree();
  test_django();
  test_garbage();
  test_hostile();
  test_hash();
  test_misc();
  test_harden_pure();
  test_harden_counted();
  test_stop();
  test_limits();
  printf("# %d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
