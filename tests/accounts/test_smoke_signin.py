def test_it_signs_in_each_role(role_users, client_for):
    for name, user in role_users.items():
        response = client_for(user).get("/")
        assert response.status_code == (302 if user is None else 200), name
