select round(c, 1), trunc(e::numeric, -2), power(2, 0.5), sqrt(abs(c)), ln(e), log(2, 1024), mod(a, 3), gcd(a, 12), factorial(5), div(c, 3), width_bucket(e, 0, 10, 5), scale(c), trim_scale(c) from t
