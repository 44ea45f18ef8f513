with recursive fib(n, a, b) as (select 1, 0::numeric, 1::numeric union all select n + 1, b, a + b from fib where n < 90) select max(b) from fib
