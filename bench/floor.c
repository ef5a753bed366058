/*
 * floor.c: the parse floor for `make bench`: read every file named on
 * standard input (one path a line) and run libyaml's event parser over it,
 * doing nothing with the events.  No validator can check a record faster
 * than this, so netsync's validation time is reported as a ratio to it.
 *
 *   find DIR -name '*.yaml' | floor      prints "FILES BYTES EVENTS"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

static long
parse_one(const unsigned char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	long n = 0;
	int done = 0;

	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			n = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		n++;
	}
	yaml_parser_delete(&parser);
	return n;
}

int
main(void)
{
	char path[4096];
	unsigned char *data = NULL;
	size_t cap = 0, len, files = 0, bytes = 0;
	long events = 0, n;
	FILE *f;

	while (fgets(path, sizeof(path), stdin) != NULL) {
		path[strcspn(path, "\n")] = '\0';
		f = fopen(path, "rb");
		if (f == NULL) {
			perror(path);
			return 2;
		}
		len = 0;
		for (;;) {
			if (len == cap) {
				cap = cap ? cap * 2 : 1 << 16;
				data = realloc(data, cap);
				if (data == NULL)
					return 2;
			}
			n = (long)fread(data + len, 1, cap - len, f);
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		fclose(f);
		n = parse_one(data, len);
		if (n < 0)
			fprintf(stderr, "%s: not YAML\n", path);
		else
			events += n;
		files++;
		bytes += len;
	}
	free(data);
	printf("%zu %zu %ld\n", files, bytes, events);
	return 0;
}
