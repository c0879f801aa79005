from kampanye.volunteers.tests.conftest import volunteer_user, world  # noqa: F401
