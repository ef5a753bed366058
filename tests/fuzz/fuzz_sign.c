/*
 * fuzz_sign.c: libFuzzer target for the parsers that read peer-supplied
 * signature bytes: the armored SSHSIG parser and verifier (sign.h), and
 * the OpenSSH private key and public key line parsers (sshkey.h).
 *
 *   make fuzz FUZZ_NAMES=fuzz_sign FUZZ_SECONDS=300
 *
 * tests/suites/fuzz_replay.sh replays tests/fuzz/corpus/sign/ in
 * `make check` (this file linked with tests/fuzz/replay.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "sign/sign.h"
#include "sign/sshkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_keys[] = {
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOdTJgFE0j+zo1C126ug8awLkFjIqCy"
	"4IsembO9rLjS test",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sign_sig sig = SIGN_SIG_INIT;
	struct buf why = BUF_INIT, comment = BUF_INIT;
	unsigned char seed[32], pk[32];
	enum sign_verdict v;
	char *line;

	(void)sign_sig_parse(&sig, (const char *)data, size);
	sign_sig_dispose(&sig);
	(void)sign_verify(&v, &why, (const char *)data, size, "hello\n", 6,
	    fuzz_keys, 1);
	buf_dispose(&why);
	(void)ssh_privkey_parse(seed, pk, &comment, (const char *)data, size,
	    "fuzz");
	buf_dispose(&comment);
	line = malloc(size + 1);
	if (line) {
		memcpy(line, data, size);
		line[size] = '\0';
		(void)sign_pubkey_check(line);
		free(line);
	}
	return 0;
}
