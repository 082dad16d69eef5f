import pytest

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_vietnamese(client):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_demo_cast_logs_in_and_sees_home(login):
    response = login("clerk").get("/")
    assert response.status_code == 200
    assert "Phạm Thu Trang" in response.content.decode()
