/*
 * setup.c: `netsync init` and `netsync hooks install` as library calls.
 *
 * init checks everything that would make it refuse before it changes
 * anything, so a refused init leaves the directory as it was.  The hooks
 * and the configuration steps are idempotent: running them again reports
 * "up to date" and changes nothing, which is what a fresh clone's
 * `netsync hooks install` relies on.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "record/skeleton.h"
#include "repo/repo.h"
#include "repo/hooks_builtin.h"
#include "repo/setup.h"

/* Hooks and .gitattributes are small; anything bigger is not ours. */
#define SETUP_MAX_FILE	(1u << 20)

static void say(setup_log_cb, void *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(setup_log_cb log, void *arg, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log(arg, line);
}

const struct ns_error *
setup_mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(tmp))
		return ns_error_fmt(NS_ERR_LIMIT, "bad directory name: %s",
		    path);
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0777) == -1 && errno != EEXIST)
			return ns_error_from_errno2("mkdir", tmp);
		tmp[i] = path[i];
	}
	return NULL;
}

/* mkdir -p of the directory part of 'path'. */
static const struct ns_error *
mkdirs_parent(const char *path)
{
	char tmp[PATH_MAX];
	char *slash;

	if (strlen(path) >= sizeof(tmp))
		return ns_error_fmt(NS_ERR_LIMIT, "path too long: %s", path);
	snprintf(tmp, sizeof(tmp), "%s", path);
	slash = strrchr(tmp, '/');
	if (slash == NULL || slash == tmp)
		return NULL;
	*slash = '\0';
	return setup_mkdirs(tmp);
}

const struct ns_error *
setup_write_file(const char *path, const void *data, size_t len,
    int replace, unsigned mode)
{
	const struct ns_error *err;
	mode_t mask;
	ssize_t w;
	int fd;

	err = mkdirs_parent(path);
	if (err)
		return err;
	if (replace) {
		/* buf_write_atomic's fchmod ignores the umask: apply it */
		mask = umask(0);
		umask(mask);
		return buf_write_atomic(path, data, len,
		    mode & ~(unsigned)mask);
	}
	/* O_EXCL: never overwrite, even a file made since the caller looked */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, (mode_t)mode);
	if (fd == -1 && errno == EEXIST)
		return ns_error_fmt(NS_ERR_USAGE, "%s exists", path);
	if (fd == -1)
		return ns_error_from_errno2("create", path);
	w = write(fd, data, len);
	if (w < 0 || (size_t)w != len)
		err = ns_error_from_errno2("write", path);
	if (fsync(fd) == -1 && err == NULL)
		err = ns_error_from_errno2("fsync", path);
	if (close(fd) == -1 && err == NULL)
		err = ns_error_from_errno2("close", path);
	if (err)
		unlink(path);
	return err;
}

const struct ns_error *
setup_default_federation(struct buf *out, const char *dir)
{
	const struct ns_error *err;
	char *real = NULL, *base;
	char tmp[PATH_MAX];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%s", dir);
	n = strlen(tmp);
	while (n > 1 && tmp[n - 1] == '/')
		tmp[--n] = '\0';
	base = strrchr(tmp, '/');
	base = base ? base + 1 : tmp;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    *base == '\0') {
		real = realpath(dir, NULL);
		if (real == NULL)
			return ns_error_from_errno2("realpath", dir);
		base = strrchr(real, '/');
		base = base ? base + 1 : real;
	}
	err = skeleton_slugify(out, base, SKELETON_SLUG_MAX);
	if (err && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_USAGE, "cannot make a federation id "
		    "from the directory name \"%s\"; give one with "
		    "--federation ID (a-z, 0-9 and -, e.g. umea-vannas)", base);
	free(real);
	return err;
}

/*
 * The nearest existing directory at or above 'dir', resolved; the caller
 * frees it.  NULL with errno set when none can be resolved.
 */
static char *
existing_ancestor(const char *dir)
{
	char tmp[PATH_MAX];
	char *slash, *real;

	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (;;) {
		real = realpath(tmp, NULL);
		if (real || errno != ENOENT)
			return real;
		slash = strrchr(tmp, '/');
		if (slash == NULL)
			return realpath(".", NULL);
		if (slash == tmp)
			return realpath("/", NULL);
		*slash = '\0';
	}
}

/* 1 if a and b name the same directory once resolved. */
static int
same_dir(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	int same = ra && rb && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

/*
 * Refuse what init must not do: a bare repository, or a directory inside
 * another work tree (netsync.yaml belongs at a repository's top).  Sets
 * *exists when 'dir' is the top of a work tree already.
 */
static const struct ns_error *
check_init_target(const char *dir, int *exists)
{
	const struct ns_error *err = NULL;
	git_repository *repo = NULL;
	const char *wd;
	char *anc;

	*exists = 0;
	anc = existing_ancestor(dir);
	if (anc == NULL)
		return ns_error_from_errno2("realpath", dir);
	if (repo_open(&repo, anc, REPO_OPEN_BARE_OK) != NULL)
		goto done;	/* not inside any repository: git init */
	wd = git_repository_workdir(repo);
	if (wd == NULL)
		err = ns_error_fmt(NS_ERR_USAGE, "%s is a bare repository; "
		    "netsync needs a work tree (clone it, then run 'netsync "
		    "hooks install' in the clone)", git_repository_path(repo));
	else if (same_dir(wd, dir))
		*exists = 1;
	else
		err = ns_error_fmt(NS_ERR_USAGE, "%s is inside the git "
		    "repository %s, and netsync.yaml belongs at a repository's "
		    "top: run 'netsync init' there or choose a directory "
		    "outside it", dir, wd);
done:
	git_repository_free(repo);
	free(anc);
	return err;
}

static const struct ns_error *
init_repo(git_repository **out, const char *dir, int exists,
    setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	git_repository_init_options o;

	if (exists) {
		err = repo_open(out, dir, REPO_OPEN_NO_SEARCH);
		if (err != NULL)
			return err;
		say(log, arg, "using the git repository in %s", dir);
		return NULL;
	}
	if (git_repository_init_options_init(&o,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION) < 0)
		return ns_error_from_git("git init");
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	o.initial_head = "main";
	if (git_repository_init_ext(out, dir, &o) < 0)
		return ns_error_from_git("git init");
	say(log, arg, "initialized a git repository in %s (branch main)",
	    dir);
	return NULL;
}

/* netsync.yaml and records/<federation>.yaml (kept when it exists). */
static const struct ns_error *
write_files(const struct setup_init_opts *o, setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT, text = BUF_INIT;

	err = buf_printf(&path, "%s/netsync.yaml", o->dir);
	if (err == NULL)
		err = skeleton_config(&text, o->federation, o->name);
	if (err == NULL)
		err = setup_write_file(path.ptr, text.ptr, text.len, 0, 0666);
	if (err)
		goto done;
	say(log, arg, "wrote netsync.yaml (federation %s)", o->federation);
	buf_reset(&path);
	buf_reset(&text);
	err = buf_printf(&path, "%s/records/%s.yaml", o->dir, o->federation);
	if (err == NULL)
		err = skeleton_profile(&text, o->federation, o->name);
	if (err)
		goto done;
	if (access(path.ptr, F_OK) == 0) {
		say(log, arg, "kept the existing records/%s.yaml",
		    o->federation);
		goto done;
	}
	err = setup_write_file(path.ptr, text.ptr, text.len, 0, 0666);
	if (err == NULL)
		say(log, arg, "wrote records/%s.yaml (the federation's "
		    "profile)", o->federation);
done:
	buf_dispose(&path);
	buf_dispose(&text);
	return err;
}

const struct ns_error *
setup_init(const struct setup_init_opts *o, unsigned *nkept,
    setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	git_repository *repo = NULL;
	struct buf cfg = BUF_INIT;
	int exists;

	*nkept = 0;
	err = buf_printf(&cfg, "%s/netsync.yaml", o->dir);
	if (err)
		return err;
	if (access(cfg.ptr, F_OK) == 0) {
		err = ns_error_fmt(NS_ERR_USAGE, "%s exists: %s is a "
		    "federation repository already (nothing changed)", cfg.ptr,
		    o->dir);
		goto done;
	}
	err = check_init_target(o->dir, &exists);
	if (err == NULL)
		err = init_repo(&repo, o->dir, exists, log, arg);
	if (err == NULL)
		err = write_files(o, log, arg);
	if (err == NULL)
		err = setup_hooks_install(repo, 0, nkept, log, arg);
	if (err == NULL)
		err = setup_configure(repo, log, arg);
done:
	git_repository_free(repo);
	buf_dispose(&cfg);
	return err;
}

/* 'path' shortened to be relative to the work tree when inside it. */
static const char *
display_path(git_repository *repo, const char *path)
{
	const char *wd = git_repository_workdir(repo);
	size_t n = wd ? strlen(wd) : 0;

	if (n && strncmp(path, wd, n) == 0 && path[n] != '\0')
		return path + n;
	return path;
}

/* core.hooksPath (relative to the work tree top) or .git/hooks. */
static const struct ns_error *
hooks_dir(struct buf *out, git_repository *repo)
{
	const struct ns_error *err = NULL;
	git_config *cfg = NULL;
	git_buf p = { NULL, 0, 0 };
	int rc;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return ns_error_from_git("config");
	rc = git_config_get_path(&p, cfg, "core.hooksPath");
	if (rc == 0 && p.ptr[0] == '/')
		err = buf_puts(out, p.ptr);
	else if (rc == 0)
		err = buf_printf(out, "%s%s", git_repository_workdir(repo),
		    p.ptr);
	else if (rc != GIT_ENOTFOUND)
		err = ns_error_from_git("core.hooksPath");
	else {
		git_buf_dispose(&p);
		if (git_repository_item_path(&p, repo,
		    GIT_REPOSITORY_ITEM_HOOKS) < 0)
			err = ns_error_from_git("hooks directory");
		else
			err = buf_puts(out, p.ptr);
	}
	/* no trailing slash, so paths join with one */
	while (err == NULL && out->len > 1 && out->ptr[out->len - 1] == '/')
		out->ptr[--out->len] = '\0';
	git_buf_dispose(&p);
	git_config_free(cfg);
	return err;
}

/* Move 'path' aside to the first free <path>.netsync-backup[.N]. */
static const struct ns_error *
backup_hook(struct buf *backup, const char *path)
{
	const struct ns_error *err;
	int i;

	for (i = 1; i < 100; i++) {
		buf_reset(backup);
		err = i == 1 ? buf_printf(backup, "%s.netsync-backup", path) :
		    buf_printf(backup, "%s.netsync-backup.%d", path, i);
		if (err)
			return err;
		if (access(backup->ptr, F_OK) == -1 && errno == ENOENT) {
			if (rename(path, backup->ptr) == -1)
				return ns_error_from_errno2("rename", path);
			return NULL;
		}
	}
	return ns_error_fmt(NS_ERR_USAGE, "%s: too many backups; remove "
	    "some of %s.netsync-backup*", path, path);
}

/*
 * Compare the file at 'path' with the hook: 0 absent, 1 identical,
 * 2 different.
 */
static const struct ns_error *
hook_state(int *state, const char *path, const struct hook_builtin *h)
{
	const struct ns_error *err;
	struct buf have = BUF_INIT;
	struct stat st;

	*state = 0;
	if (lstat(path, &st) == -1)
		return errno == ENOENT ? NULL :
		    ns_error_from_errno2("stat", path);
	*state = 2;
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size != h->len)
		return NULL;
	err = buf_load_path(&have, path, SETUP_MAX_FILE);
	if (err == NULL && have.len == h->len &&
	    memcmp(have.ptr, h->data, h->len) == 0)
		*state = 1;
	buf_dispose(&have);
	return err;
}

static const struct ns_error *
install_one(git_repository *repo, const char *dir,
    const struct hook_builtin *h, int force, unsigned *nkept,
    setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT, backup = BUF_INIT;
	int state;

	err = buf_printf(&path, "%s/%s", dir, h->name);
	if (err == NULL)
		err = hook_state(&state, path.ptr, h);
	if (err)
		goto done;
	if (state == 1) {
		if (chmod(path.ptr, 0755) == -1)
			err = ns_error_from_errno2("chmod", path.ptr);
		else
			say(log, arg, "hook %s: up to date (%s)", h->name,
			    display_path(repo, path.ptr));
		goto done;
	}
	if (state == 2 && !force) {
		(*nkept)++;
		say(log, arg, "hook %s: kept your own %s, which differs "
		    "from netsync's; 'netsync hooks install --force' "
		    "replaces it and keeps a backup", h->name,
		    display_path(repo, path.ptr));
		goto done;
	}
	if (state == 2) {
		err = backup_hook(&backup, path.ptr);
		if (err)
			goto done;
		say(log, arg, "hook %s: moved your hook to %s", h->name,
		    display_path(repo, backup.ptr));
	}
	err = setup_write_file(path.ptr, h->data, h->len, 1, 0755);
	if (err == NULL)
		say(log, arg, "hook %s: installed %s", h->name,
		    display_path(repo, path.ptr));
done:
	buf_dispose(&path);
	buf_dispose(&backup);
	return err;
}

const struct ns_error *
setup_hooks_install(git_repository *repo, int force, unsigned *nkept,
    setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	const struct hook_builtin *h;
	struct buf dir = BUF_INIT;

	*nkept = 0;
	err = hooks_dir(&dir, repo);
	if (err || dir.ptr == NULL)	/* hooks_dir sets it on success */
		goto done;
	err = setup_mkdirs(dir.ptr);
	for (h = hook_builtins; err == NULL && h->name; h++)
		err = install_one(repo, dir.ptr, h, force, nkept, log, arg);
done:
	buf_dispose(&dir);
	return err;
}

/* 1 if 'text' has a line equal to 'line' (trailing blanks ignored). */
static int
has_line(const char *text, size_t len, const char *line)
{
	size_t n = strlen(line), i = 0, j;

	while (i < len) {
		for (j = i; j < len && text[j] != '\n'; j++)
			continue;
		if (j - i >= n && strncmp(text + i, line, n) == 0 &&
		    strspn(text + i + n, " \t\r") >= j - i - n)
			return 1;
		i = j + 1;
	}
	return 0;
}

static const struct ns_error *
ensure_attributes(git_repository *repo, setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT, text = BUF_INIT;

	err = buf_printf(&path, "%s.gitattributes",
	    git_repository_workdir(repo));
	if (err)
		return err;
	if (access(path.ptr, F_OK) == 0)
		err = buf_load_path(&text, path.ptr, SETUP_MAX_FILE);
	if (err)
		goto done;
	if (text.len && has_line(text.ptr, text.len, SETUP_ATTR_LINE)) {
		say(log, arg, "merge driver: .gitattributes up to date");
		goto done;
	}
	if (text.len && text.ptr[text.len - 1] != '\n')
		err = buf_putc(&text, '\n');
	if (err == NULL)
		err = buf_puts(&text, "# records merge field by field "
		    "(netsync merge-driver)\n" SETUP_ATTR_LINE "\n");
	if (err == NULL)
		err = buf_write_atomic(path.ptr, text.ptr, text.len, 0644);
	if (err == NULL)
		say(log, arg, "merge driver: added '%s' to .gitattributes",
		    SETUP_ATTR_LINE);
done:
	buf_dispose(&path);
	buf_dispose(&text);
	return err;
}

/* Set 'key' to 'value' in the repository's own config unless it is so. */
static const struct ns_error *
config_set(git_config *local, const char *key, const char *value,
    setup_log_cb log, void *arg)
{
	git_buf have = { NULL, 0, 0 };
	int same;

	same = git_config_get_string_buf(&have, local, key) == 0 &&
	    strcmp(have.ptr, value) == 0;
	git_buf_dispose(&have);
	if (same) {
		say(log, arg, "git config: %s up to date", key);
		return NULL;
	}
	if (git_config_set_string(local, key, value) < 0)
		return ns_error_from_git(key);
	say(log, arg, "git config: %s = %s", key, value);
	return NULL;
}

const struct ns_error *
setup_configure(git_repository *repo, setup_log_cb log, void *arg)
{
	const struct ns_error *err;
	git_config *cfg = NULL, *local = NULL;

	err = ensure_attributes(repo, log, arg);
	if (err)
		return err;
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) < 0) {
		err = ns_error_from_git("config");
		goto done;
	}
	err = config_set(local, "merge.netsync.name", SETUP_DRIVER_NAME, log,
	    arg);
	if (err == NULL)
		err = config_set(local, "merge.netsync.driver",
		    SETUP_DRIVER_CMD, log, arg);
	if (err == NULL)
		err = config_set(local, "core.logAllRefUpdates", "always",
		    log, arg);
done:
	git_config_free(local);
	git_config_free(cfg);
	return err;
}
