/* gdtrace.c -- the command's main(): cli_main (main.c), every sweep on
   this process's threads */
#include "cli_impl.h"

int
main(int argc, char **argv)
{
    return cli_main(argc, argv, NULL);
}
