"""The hostile crawl of test_hostile_e2e.py logged in through CAS, without Lighthouse and the samples (the two-step
crawl has them): the same checks, in a file of its own so that pytest-xdist (`make test`: --dist loadfile) runs it
beside the two-step crawl instead of after it."""

from __future__ import annotations

import pytest

from tests.crawler.safety import test_hostile_e2e as hostile

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    yield from hostile.hostile_crawl_of("cas", tmp_path_factory, engines=False)


# the checks, collected here too: pytest gives them this module's hostile_crawl
test_hostile_crawl_completes_and_visits_every_attack_page = (
    hostile.test_hostile_crawl_completes_and_visits_every_attack_page
)
test_hostile_crawl_server_saw_no_write_but_the_login = hostile.test_hostile_crawl_server_saw_no_write_but_the_login
test_hostile_crawl_reached_no_target = hostile.test_hostile_crawl_reached_no_target
test_hostile_crawl_never_ended_its_session = hostile.test_hostile_crawl_never_ended_its_session
test_hostile_crawl_loaded_the_harmless_look_alikes = hostile.test_hostile_crawl_loaded_the_harmless_look_alikes
test_hostile_crawl_wrote_no_session_id_anywhere = hostile.test_hostile_crawl_wrote_no_session_id_anywhere
test_hostile_crawl_session_ids_do_not_multiply_templates = (
    hostile.test_hostile_crawl_session_ids_do_not_multiply_templates
)
test_hostile_crawl_reports_every_link_not_followed = hostile.test_hostile_crawl_reports_every_link_not_followed
test_hostile_crawl_reports_every_request_blocked = hostile.test_hostile_crawl_reports_every_request_blocked
