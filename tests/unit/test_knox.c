/*
** test_knox.c: unit tests of knox_token.c, knox_mint.c and checksum.c: django-rest-knox's
** digest and token_key checked on every token of the knox oracle, the prefix rule, minting,
** and the GitHub-style checksum tail. Prints PASS/FAIL per check; exits 1 on any failure.
*/
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../check.h"

#include "checksum.h"
#include "knox_mint.h"
#include "knox_token.h"

/* Every token of tests/oracle/knox/knox-facts.json (tokens[]: label, token, digest,
** token_key), as real knox 5.0.2 stored them; zoe-na-future has the prefix "clé☃_". */
static const struct {
  const char *label, *token, *digest, *token_key;
} oracle[] = {
    {"alice-none", "45a0ca9b47a31ad218956b525df3950c1c79d32c78c1ed00db40c27f0e6d1b74",
     "decff8ba4a4e12938b147cc6bf98b82c98c3efa3b2c6bea364531426727850c90bf31f6234948025f2e495577ee9d3cd8a5353e155bcc4e302554b20223c62c3",
     "45a0ca9b47a31ad"},
    {"alice-future", "e9869bce59f57bf79ea82f84068205342c634ec834c04395a15cf39ffd55bf61",
     "2b8b203a9d81507a28b51ec67ff5d37ec7019940eede2120f08091769f7ace4ed4db05f0e38c0228146df9bc117938efe26448d5530d54e20d81a7b43a15953e",
     "e9869bce59f57bf"},
    {"alice-expired", "2c409ad687446f87e0cc0490dc4a24eaa2b1cb9be562f549bc5580fb874b3fc6",
     "27c30d8a1ef150c2cec6dd33a1409b6d052edbf9eb127c7ca091dd659bcabbf29c719570b4ba7311f935a2be1baf96c3b156f09d97ca1d570f6c701575106046",
     "2c409ad687446f8"},
    {"alice-expired-wholesec", "43665749cc3fec4478f7b7f1c604a3e75b9a1998b9510698b564cc7a16315f16",
     "98773bdb09b5a8cd82616d9bf03ab5ccc024234cd0f0686e901081556cd9bf5f227c316c14f9f6510fc9f58fac6ead17de0edcaf870be2d57277636fe14b8735",
     "43665749cc3fec4"},
    {"bob-acme-future", "acme_80bd138524dc4ebf29e601a5ae66bbdcd0946ab8283b63df5233d101f24396cd",
     "fe3f4b7b182e031127de29a4dff1808f04059fc01456aea0e612a5def83bae76b36f2e454355928347ee7cf3aa0fc1cbdf5c646b972ff5d3a389a994235d9f9d",
     "acme_80bd138524"},
    {"bob-acme-none", "acme_22b36b0b96e88b60907bff737a477160ad97c3d00158e82af7369e559fa1c221",
     "0fa5b1f3842ae259ad10fd3dc524eec35623a426b84bd7d7dcfa15abcff0fafc006b1df7bca69f44274bd0126f4f2fedf14a9550811eeeb87b7629e72ae00e2b",
     "acme_22b36b0b96"},
    {"bob-p10-future", "corp_2024_15fb11fd44c2b6e4039b4f32d553d1bddd022aa69699606fd062290707920e47",
     "c98fc9212e72548cdb342634b62af476f850b7206aa48a9d7069ed7a35b0318a2b226088839c01df007c57da32736bc5f8a55b69c260814e29a27e7a0dd495fe",
     "corp_2024_15fb1"},
    {"bob-acme-expired", "acme_53b3bd9d525c31a47d79d87374b8da97b6ecc92b530187f9d60b41fb5d4c6071",
     "c80f1ebedc573897278396772bd03a25bed135d54ae4efe68d762627ee2ab7f05146ed562666c879225b691985e9a30b644ccd3b6c4314240e33da7b19a3ee08",
     "acme_53b3bd9d52"},
    {"carol-future", "1d20d523951af744f704cd0f90dd228149495af809df185094fbc57586bcb325",
     "507bf5d254f08e053fb50f37732070d8321a1fcfd1b743d8dd959c518b26e9136bc487b2e88821ca5626711bb06d3c120f35cf8113f370ebf4abf83f34fc325a",
     "1d20d523951af74"},
    {"carol-expired", "685d0bc8f87ac522cde39117e69b229cd8180f78a847edbf2f0986fd07eca63d",
     "de36b7dadd35653a24090ee5651e15538122e1cfbaf0e1a4070fff6e85cfc8e0b997a8bb326524f39758dd13f38ca8ae8e030a6734801885301988f74525f8df",
     "685d0bc8f87ac52"},
    {"dave-expired", "0af5e97f0372751104fa23a13445b23f26100ef69afbbcc5209bf75901e63a0f",
     "65874f4ac0160a80962b5b39ad82fe73db4909434dfc8688c0171833e1b0abdbfabebd90d064b6f49b0231a4811bd3d0e989cc85b76c933458f45b5bed816081",
     "0af5e97f0372751"},
    {"erin-expired-1", "363a5ab3098b0e52ff36302996b83ffeb5a8be1e5cc626d12b2570f11a488a88",
     "d6c61a428d4ebbafa9db8f980557af269ee0fb52621e76e21a07a75edf6b7c6d2abf9e5cd8b071703cc71d5bbbdd04a4df14bc3376df1c844f2bab36f9578d25",
     "363a5ab3098b0e5"},
    {"erin-expired-2", "acme_fce054a57061ac54acc41b02f856ae0a447128edca66e9a2799011b352acbfef",
     "fb2896ffbf8318e35dada4b18efc9c117a13812c2166e9b8ad4ad6147c2efa47fb1df20d1a7d5c03fb4c0b26eb8625df801918ebc0760a6aa5513a233a6fe045",
     "acme_fce054a570"},
    {"zoe-na-future", "cl\xc3""\xa9""\xe2""\x98""\x83""_cb4d634960f1eb03ea85961908adbf74388ae17810ce7716f10403e4a8166750",
     "cc073651679b0850bb27eae02f0de2afc69aa597f5c4a9398f73903be79fea9ad9867e4b3d3c1b342eb0b56368559e5347a1e376ca36cf28b17cab084082db65",
     "cl\xc3""\xa9""\xe2""\x98""\x83""_cb4d634960"},
    {"zoe-none", "dc455887e876b11139bff1f1a42a19406f2753ba8844b668a6d700a645b0262e",
     "342e22b7bbe68bed1de33c18da2556425c402b5a822b1c47c3a673358b0571276cceee68998ea0e5c24396e3c01155b6f37dc7da408dfc72d6041e0c809deccc",
     "dc455887e876b11"},
    {"frank-k1-future", "883a4214439cdb9f78383c118ed4bb5b8abbef9416fb56b5edcf4ea7c7af10a9",
     "d7cc0e67b56dbad13ac0b6cbe64dad063237b5ecbc318b51b3587885607e60f2f7031e640ac8493443c9333e1c90bc8da8876c802b609d158a516f8af8398351",
     "883a4214439cdb9"},
    {"frank-k1-expired", "883a4214439cdb9f6c31cae0dccc9555fc66bea15712fec9ae3b08ee4757a3d6",
     "ace241f6d77067dc2053faf70a5779ad8c3eca209ccf2d7ede51a22be4891e89e62542a26da658043c694846c3182204399a1448e5bc613e1da6e5546c409095",
     "883a4214439cdb9"},
    {"grace-k2-future", "63a183db9ef70dbc0852aae99c7bd81f27d7428f34d043dd4e284a1e19306a59",
     "3580111a9d273ba34f59360091063067c1f5f977f0451b9aeeb9ab8ce68f5e3eb6fecb05d2c915137b23efc9e62b3e4e02460b84c0a1a85cb317c9b44a491d6f",
     "63a183db9ef70db"},
    {"heidi-k2-expired", "63a183db9ef70dbc8e9ad4a01d1ad1d45d67d6f1bec9416a82af301b694434fa",
     "1c584a7ae9738883708709febd075cd847d116b4ae09440afb6afdeb8a0cbd3381707fcaec9dbd3ed4019e794472d9a3718f9bb34371414774fe4e1df1583f06",
     "63a183db9ef70db"},
    {"heidi-other-expired", "d48a0b916329e69c3c5df028bedfe09a5cef6e24baf56330eb8e310072c52649",
     "3bc1828d60b2a6ccfeb7a86956dc79837b40f5c39eac05962249c118c6117dbd0ee2e793cdf239ed18b1ba5410e6b72337d5bdf8490915ee1f2c4922b525be1f",
     "d48a0b916329e69"},
    {"heidi-future", "5270970d00222be753a693ddb316300b36c8ef55ad7a29af09fb147c7c0ba15c",
     "b48edde4de5b6fab7e7fe0a6825e6cbda99a24085c2a219cc0cd71179b2d4cbd3095aee8dc800a76b4c9bd5bbd0695f5ae3b80dbfad161678f77f8116f200bcb",
     "5270970d00222be"},
    {"kate-k3-expired", "4e2801583eb9f231c2a326e3d463a6cbec1908b349e3fb5d96dfedf4465af55c",
     "88096d153700872447f3961bd98112b35105a8a8fd1beac2c61e1ae09fa0de8a9ef2a81d46607cc62795e060dd852372d52fd6967075857d3b7b0daf6f838f7d",
     "4e2801583eb9f23"},
    {"kate-other-expired", "c9c58af959ef8cefcd351cb35d52b414ac75e84d59d0753da89ff9142febffae",
     "e20c2a19fb8a95c494bf5eca6355e0dea415a59f5ef0d55e028791bdcd5feb13922e3f567e210b1254e749fb572c3138c2d71f1c526ec292ce21c9f162c390d7",
     "c9c58af959ef8ce"},
    {"kate-future", "3c48cb83468e7f75a435ca6b40aa5bb93b0ad4ed96ad93f87cf3cbc9e4c7904f",
     "4b84bae60318d2a589a3146fa2e4a9a53ed572e378a93b7c49aa72cca917a39abb3973a5bffdbb5d2a1231c62a6f57c6eb8e043657a48b2c9c136405a9067191",
     "3c48cb83468e7f7"},
    {"leo-k3-future", "4e2801583eb9f23104a460981340f683da8bb8facae76251bd70387b04696b8d",
     "38c3d30254d09521d8c7bbf63bcf457039d92354f07f9d6812e497f8fa4ca65ed777a01786c2fda99eb22d8989eaa4a28febda386af791a7d2675c6fc7b3a6e8",
     "4e2801583eb9f23"},
    {"mallory-k4-orphan", "corp_2024_2c007b891e1ef1c775acdd6468e57e90e43d9acba2224d9eb61195ab1dc7bc03",
     "32d06027dcbd7531deea6887df1d3669a0d4eb01a4916a2c7a4f42d479709b0a8bac62e25fcd2375615a9bd3dab776d2498a164e37d16daf27d56a1fe1ffb7a8",
     "corp_2024_2c007"},
    {"mallory-orphan", "ed3fb44487f42d736fe8f27d133c82182d8e7c9f9097bf3dd7af5632e677d19c",
     "b060267df6d5ac3edbb3503217f39ce9270ac6103970c31983057e93348da1b7234ed3f695f180dae875c9b21296fe031e0c7d944b45490c8c1c1184c74efad5",
     "ed3fb44487f42d7"},
    {"nina-k4-future", "corp_2024_2c007b23ad39bf22bdef09f418a16396474a6c39bc38c26274ba1a1fd780dea3",
     "b0833e8744036b7bd991b99c2a652bf2e48372e9185305fb53a85fa29fe27899de1e68b8bc6acdb1af9cc68f58203e71bfa1f6f96ce10c7927c00398e1787e11",
     "corp_2024_2c007"},
    {"peggy-future", "fa03cb25023d62b2c0ac71568551501539aa21a0af1f1d02c7473491be55c007",
     "9dc4a14eaec687f02760c2996cb547de7d2766cdbc061220e0016883f5ef101dc26d34b1b897ced805de3e2915ccc2aa7e57a2ef412fc8aa5f9119db1824264a",
     "fa03cb25023d62b"},
    {"quentin-future", "766f24469be51451f59f4c3076b4a7ff0c72ea232e8e08f9777892545a7fd972",
     "6740f4fd3434088be2ed0e03f87ec2fd61abbc6af834957ab09e251037a4f7aaca62140996546631f3f53be98a4f218e4cfd48d0975c48f0e6b68ee3d3fe3e16",
     "766f24469be5145"},
    {"rita-future", "95c1696050a0ca0f3600e8ebec8eee56aaa02aea6fbf2f7fa6a3f545bc4cb5b2",
     "c561d7b992b914263df0763a2b478afb345f0151b750b33e1120283826332f366bb00da3cedd123cbec52867e61236dfa33fcdfa3ce2b8bdd02cc4520893f03a",
     "95c1696050a0ca0"},
    {"tina-default-10h", "78571fbcc029456b64f70b9e7667090bd1a0c916fadf4e41775e02c942febe48",
     "d81349ef98099acbd5cf2fb7ed07221b87d0a16b8093b9af3c68862013d0b005ef743079ca1b1f64ecea1eb533f3181da2dbc4a932b4ae63b249ab58d7b9ce96",
     "78571fbcc029456"},
    {"victor-wholesec-future", "297913f2f2bedea817fb7459a024468384cc4cf363abd156b0e13ae59a4de0ac",
     "5592f795742baa80f58e15fdb21b122758ae5e27c99162d81b2518dc9a397f844dd2dcc59c0f164413211e7ffe14d5d1f4cb41f49ecf712d42fd03585ae7a81f",
     "297913f2f2bedea"},
    {"walt-deleted", "83a293d3b6375c74d1a73526e3eaec0814baf587f035e52559ae561ea4d4ba32",
     "537c61bcdb1d69969a1f490a61c095192069b7a5a09d6bba2e40451d8f4cdafc7a9d64a17936fa403540169c8b64204d9710d21bd3b924ba217033b3dad0c4cb",
     "83a293d3b6375c7"},
    {"oscar-cascaded", "0bce4a3dfe77f5e4495569d0dc96739784a31d2f5621f2b3cd96d40f596f5b1d",
     "8ef74195be5c136f3ad39155af4469b7e9de2eeecb272f693147f4a9c9ad29d75f2aed4659a94869963fb85c3efe33c569e998e16b2156f5cb2221ea483dae2f",
     "0bce4a3dfe77f5e"},
};

/* The token (which 0) or digest (which 1) of the oracle token labelled label. */
static const char *oracle_field(const char *label, int which) {
  for (size_t i = 0; i < sizeof oracle / sizeof oracle[0]; i++) {
    if (strcmp(oracle[i].label, label) == 0) return which ? oracle[i].digest : oracle[i].token;
  }
  return "";
}

#define LIT(s) (const unsigned char *)(s), sizeof(s) - 1

/* The digest and token_key of every oracle token are knox's, byte for byte. */
static void oracle_cases(void) {
  char name[128], got[KNOX_DIGEST_HEX_LEN + 1];
  for (size_t i = 0; i < sizeof oracle / sizeof oracle[0]; i++) {
    const unsigned char *t = (const unsigned char *)oracle[i].token;
    size_t n = strlen(oracle[i].token), key_len = 999;
    knox_digest(t, n, got);
    snprintf(name, sizeof name, "knox digest: %s", oracle[i].label);
    check(name, strcmp(got, oracle[i].digest) == 0, got);
    int rc = knox_token_key(t, n, &key_len);
    snprintf(name, sizeof name, "knox token_key: %s", oracle[i].label);
    check(name, rc == 0 && key_len == strlen(oracle[i].token_key) &&
                    memcmp(t, oracle[i].token_key, key_len) == 0, oracle[i].token_key);
  }
}

/* token_key(s) must be want_len bytes (want_len -1: refused as invalid UTF-8). */
static void key_case(const char *name, const unsigned char *s, size_t n, long want_len) {
  size_t key_len = 999;
  int rc = knox_token_key(s, n, &key_len);
  long got = rc == 0 ? (long)key_len : -1;
  char detail[64];
  snprintf(detail, sizeof detail, "got %ld, want %ld", got, want_len);
  check(name, got == want_len && (rc == 0 || key_len == 999), detail);
}

static void token_key_cases(void) {
  key_case("token_key: zoe's prefix is 15 code points = 18 bytes", LIT("cl\xc3\xa9\xe2\x98\x83_cb4d634960f1eb"), 18);
  key_case("token_key: a prefix longer than 15 (knox create())", LIT("0123456789abcdefghij_dcfc54c9"), 15);
  key_case("token_key: shorter than 15 is used whole", LIT("abc"), 3);
  key_case("token_key: exactly 15", LIT("0123456789abcde"), 15);
  key_case("token_key: empty", (const unsigned char *)"", 0, 0);
  key_case("token_key: 4-byte code points count once", LIT("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                                         "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                                         "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                                         "\xf0\x9f\x98\x80"), 60);
  key_case("token_key: NUL is one code point", LIT("\0" "123456789abcdefXYZ"), 15);
  key_case("token_key: U+10FFFF is valid", LIT("\xf4\x8f\xbf\xbf" "x"), 5);
  key_case("token_key: lone 0xA0 (knox: UnicodeDecodeError)", LIT("\xa0"), -1);
  key_case("token_key: bad byte after the 15th code point still refused", LIT("0123456789abcdef\xff"), -1);
  key_case("token_key: truncated sequence at the end", LIT("0123456789abcdef\xe2\x98"), -1);
  key_case("token_key: overlong NUL", LIT("ab\xc0\x80"), -1);
  key_case("token_key: surrogate U+D800", LIT("ab\xed\xa0\x80"), -1);
  key_case("token_key: above U+10FFFF", LIT("ab\xf4\x90\x80\x80"), -1);
  key_case("token_key: stray continuation byte", LIT("ab\x80"), -1);
}

static void digest_cases(void) {
  char got[KNOX_DIGEST_HEX_LEN + 2];
  memset(got, 'Z', sizeof got);
  knox_digest((const unsigned char *)"", 0, got);
  check("digest: sha512 of the empty string (FIPS 180 vector)",
        strcmp(got, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                    "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e") == 0, got);
  check("digest: 128 characters, NUL-terminated", strlen(got) == KNOX_DIGEST_HEX_LEN, got);
  knox_digest(LIT("abc"), got);
  check("digest: sha512 of \"abc\" (FIPS 180 vector)",
        strcmp(got, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f") == 0, got);
  knox_digest(LIT("E9869BCE59F57BF79EA82F84068205342C634EC834C04395A15CF39FFD55BF61"), got);
  check("digest: an uppercased token is another digest (alice-future)",
        strcmp(got, oracle_field("alice-future", 1)) != 0 && strcmp(oracle_field("alice-future", 0), "e9869bce59f57bf79ea82f84068205342c634ec834c04395a15cf39ffd55bf61") == 0, got);
}

static void prefix_case(const char *name, const unsigned char *p, size_t n, enum knox_prefix_status want) {
  enum knox_prefix_status got = knox_prefix_check(p, n);
  const char *msg = knox_prefix_message(got);
  char detail[160];
  snprintf(detail, sizeof detail, "status %d, want %d (%s)", (int)got, (int)want, msg ? msg : "no message");
  check(name, got == want && (msg == NULL) == (want == KNOX_PREFIX_OK), detail);
}

static void prefix_cases(void) {
  prefix_case("prefix: empty (knox's default)", (const unsigned char *)"", 0, KNOX_PREFIX_OK);
  prefix_case("prefix: acme_", LIT("acme_"), KNOX_PREFIX_OK);
  prefix_case("prefix: 10 characters (knox's maximum, corp_2024_)", LIT("corp_2024_"), KNOX_PREFIX_OK);
  prefix_case("prefix: 11 characters (knox: Illegal TOKEN_PREFIX length)", LIT("xxxxxxxxxxx"), KNOX_PREFIX_TOO_LONG);
  prefix_case("prefix: clé☃_ is 5 characters in 8 bytes", LIT("cl\xc3\xa9\xe2\x98\x83_"), KNOX_PREFIX_OK);
  prefix_case("prefix: 10 four-byte characters (40 bytes) is allowed",
              LIT("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), KNOX_PREFIX_OK);
  prefix_case("prefix: 11 two-byte characters is too long although 22 bytes",
              LIT("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"), KNOX_PREFIX_TOO_LONG);
  prefix_case("prefix: invalid UTF-8", LIT("ab\xff"), KNOX_PREFIX_NOT_UTF8);
  prefix_case("prefix: a space", LIT("a b_"), KNOX_PREFIX_CONTROL);
  prefix_case("prefix: a tab", LIT("a\tb_"), KNOX_PREFIX_CONTROL);
  prefix_case("prefix: NUL", LIT("a\0b"), KNOX_PREFIX_CONTROL);
  prefix_case("prefix: DEL", LIT("a\x7f"), KNOX_PREFIX_CONTROL);
}

/* 1 if s[0..n) is lowercase hex only. */
static int lower_hex(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
  }
  return 1;
}

static void mint_cases(void) {
  char a[KNOX_TOKEN_MAX + 1], b[KNOX_TOKEN_MAX + 1];
  size_t n = knox_mint((const unsigned char *)"", 0, 0, a);
  check("mint: no prefix gives 64 lowercase hex", n == 64 && strlen(a) == 64 && lower_hex(a, 64), a);
  knox_mint((const unsigned char *)"", 0, 0, b);
  check("mint: two tokens differ", strcmp(a, b) != 0, b);
  n = knox_mint(LIT("acme_"), 0, a);
  check("mint: acme_ + 64 hex", n == 69 && memcmp(a, "acme_", 5) == 0 && lower_hex(a + 5, 64) && a[69] == 0, a);
  n = knox_mint(LIT("cl\xc3\xa9\xe2\x98\x83_"), 0, a);
  size_t key_len = 0;
  int rc = knox_token_key((const unsigned char *)a, n, &key_len);
  check("mint: clé☃_ token is 72 bytes, its token_key 18 (prefix + 10 hex)",
        n == 72 && rc == 0 && key_len == 18 && lower_hex(a + 8, 64), a);
  n = knox_mint(LIT("corp_2024_"), 1, a);
  check("mint: with checksum, prefix + 64 hex + 6-character tail that verifies",
        n == 80 && strlen(a) == 80 && lower_hex(a + 10, 64) && checksum_verify((const unsigned char *)a, n), a);
  n = knox_mint((const unsigned char *)"", 0, 1, a);
  char tail[CHECKSUM_LEN];
  checksum_encode(checksum_crc32((const unsigned char *)a, 64), tail);
  check("mint: the tail is the CRC-32 of the 64 hex", n == 70 && memcmp(a + 64, tail, CHECKSUM_LEN) == 0, a);
  memset(a, 'Q', sizeof a);
  n = knox_mint(LIT("xxxxxxxxxxx"), 1, a);
  check("mint: an 11-character prefix is refused, out empty", n == 0 && a[0] == 0, a);
  n = knox_mint(LIT("a b"), 0, a);
  check("mint: a prefix with a space is refused", n == 0 && a[0] == 0, a);
  int seen[16] = {0}, distinct = 0;
  for (int i = 0; i < 64; i++) {
    knox_mint((const unsigned char *)"", 0, 0, a);
    for (int j = 0; j < 64; j++) seen[a[j] <= '9' ? a[j] - '0' : a[j] - 'a' + 10] = 1;
  }
  for (int i = 0; i < 16; i++) distinct += seen[i];
  check("mint: all 16 hex digits appear over 64 tokens", distinct == 16, "some digit never drawn");
  sodium_memzero(a, sizeof a);
  sodium_memzero(b, sizeof b);
}

/* checksum_encode(v) must be want. */
static void encode_case(const char *name, uint32_t v, const char *want) {
  char got[CHECKSUM_LEN + 1] = {0};
  checksum_encode(v, got);
  check(name, memcmp(got, want, CHECKSUM_LEN) == 0, got);
}

/* verify(s) must be want. */
static void verify_case(const char *name, const unsigned char *s, size_t n, int want) {
  check(name, checksum_verify(s, n) == want, want ? "rejected" : "accepted");
}

static void checksum_cases(void) {
  check("crc32: \"123456789\" is 0xCBF43926 (the CRC-32/IEEE check value)",
        checksum_crc32(LIT("123456789")) == 0xCBF43926u, "wrong CRC");
  check("crc32: empty is 0", checksum_crc32((const unsigned char *)"", 0) == 0, "wrong CRC");
  check("crc32: \"a\" is 0xE8B7BE43 (zlib.crc32)", checksum_crc32(LIT("a")) == 0xE8B7BE43u, "wrong CRC");
  encode_case("base62: 0xCBF43926 is 3jZRME", 0xCBF43926u, "3jZRME");
  encode_case("base62: 0 is 000000 (left-padded)", 0, "000000");
  encode_case("base62: 61 is 00000z (digits, upper, then lower case)", 61, "00000z");
  encode_case("base62: 62 is 000010", 62, "000010");
  encode_case("base62: 2^32-1 is 4gfFC3", 0xFFFFFFFFu, "4gfFC3");
  /* zlib.crc32 of the oracle tokens, base62-encoded by hand in Python */
  verify_case("verify: acme_ oracle token + 0ywsKB",
              LIT("acme_80bd138524dc4ebf29e601a5ae66bbdcd0946ab8283b63df5233d101f24396cd0ywsKB"), 1);
  verify_case("verify: clé☃_ oracle token + 162o64 (CRC over the UTF-8 bytes)",
              LIT("cl\xc3\xa9\xe2\x98\x83_cb4d634960f1eb03ea85961908adbf74388ae17810ce7716f10403e4a8166750162o64"), 1);
  verify_case("verify: a knox token without a tail",
              LIT("acme_80bd138524dc4ebf29e601a5ae66bbdcd0946ab8283b63df5233d101f24396cd"), 0);
  verify_case("verify: tail with its case flipped",
              LIT("acme_80bd138524dc4ebf29e601a5ae66bbdcd0946ab8283b63df5233d101f24396cd0YWSkb"), 0);
  verify_case("verify: prefix mistyped (the prefix is covered)",
              LIT("acne_80bd138524dc4ebf29e601a5ae66bbdcd0946ab8283b63df5233d101f24396cd0ywsKB"), 0);
  verify_case("verify: prefix dropped",
              LIT("80bd138524dc4ebf29e601a5ae66bbdcd0946ab8283b63df5233d101f24396cd0ywsKB"), 0);
  verify_case("verify: only a tail", LIT("000000"), 0);
  verify_case("verify: empty", (const unsigned char *)"", 0, 0);
  verify_case("verify: one character and its tail", LIT("a4GEHKN"), 1);
  verify_case("verify: a tail above 2^32-1 never matches", LIT("abczzzzzz"), 0);
}

/* Every single-character change and every adjacent swap of a checksummed token is caught. */
static void checksum_mistypes(void) {
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
  char t[KNOX_TOKEN_MAX + 1];
  size_t n = knox_mint(LIT("acme_"), 1, t);
  int missed = 0, tried = 0;
  for (size_t i = 0; i < n; i++) {
    char orig = t[i];
    for (const char *c = alphabet; *c; c++) {
      if (*c == orig) continue;
      t[i] = *c;
      tried++;
      missed += checksum_verify((const unsigned char *)t, n);
    }
    t[i] = orig;
    if (i + 1 < n && t[i] != t[i + 1]) {
      t[i] = t[i + 1], t[i + 1] = orig;
      tried++;
      missed += checksum_verify((const unsigned char *)t, n);
      t[i + 1] = t[i], t[i] = orig;
    }
  }
  char detail[64];
  snprintf(detail, sizeof detail, "%d of %d mistypes accepted", missed, tried);
  check("verify: every substitution and adjacent swap in a 75-character token is rejected",
        missed == 0 && tried > 4000 && checksum_verify((const unsigned char *)t, n), detail);
  sodium_memzero(t, sizeof t);
}

int main(void) {
  if (sodium_init() < 0) {
    puts("FAIL knox: sodium_init");
    return 1;
  }
  oracle_cases();
  token_key_cases();
  digest_cases();
  prefix_cases();
  mint_cases();
  checksum_cases();
  checksum_mistypes();
  return check_status();
}
