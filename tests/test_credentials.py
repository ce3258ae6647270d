"""Password hashing with an injected hasher: whatever the hasher, an unknown name costs what a
known one does, and a hash made with other parameters is due for an upgrade."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters

from twitchwise.credentials import PasswordHashing, owasp_argon2id


class RecordingHasher(PasswordHasher):
    """A cheap argon2id hasher that remembers the hashes it was asked to check."""

    def __init__(self, memory_cost: int = 64) -> None:
        super().__init__(time_cost=1, memory_cost=memory_cost, parallelism=1)
        self.checked: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.checked.append(str(hash))
        return super().verify(hash, password)


def test_an_unknown_name_is_checked_against_a_hash_of_the_hashers_own_parameters() -> None:
    for hasher in (RecordingHasher(), RecordingHasher(memory_cost=128)):
        passwords = PasswordHashing(hasher)
        real = passwords.hash("correct horse battery")
        assert not passwords.matches(real, "a wrong password")
        passwords.matches_nobody("a wrong password")
        known, unknown = (extract_parameters(h) for h in hasher.checked)
        assert unknown == known
        assert unknown.memory_cost == hasher.memory_cost


def test_a_hash_with_other_parameters_is_due_for_an_upgrade() -> None:
    cheap = PasswordHashing(RecordingHasher())
    owasp = PasswordHashing()
    old = cheap.hash("correct horse battery")
    assert owasp.needs_rehash(old)
    assert not cheap.needs_rehash(old)
    assert owasp.matches(old, "correct horse battery"), "an old hash still signs in"
    assert extract_parameters(owasp.hash("x" * 8)) == extract_parameters(owasp_argon2id().hash("y"))
