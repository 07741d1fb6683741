/**
 * The interpreter of every Python peer the tests drive: Debian's, where the
 * packages of scripts/debian-test-packages.txt (`python3-requests`,
 * `python3-cryptography`, `python3-passlib`, `python3-argon2`,
 * `python3-swift`) are installed. A `python3` found first on PATH (pyenv, a
 * virtualenv) may lack them or carry other versions, so a test that passes
 * there proves nothing about the packages the project installs.
 * `CORTADO_TEST_PYTHON` names another interpreter on a system without them.
 */
export const DEBIAN_PYTHON = process.env['CORTADO_TEST_PYTHON'] ?? '/usr/bin/python3';
