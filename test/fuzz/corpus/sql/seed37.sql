select to_timestamp('2024-05-06 07:08:09', 'YYYY-MM-DD HH24:MI:SS'), to_date('05 Dec 2000', 'DD Mon YYYY'), to_char(1234.5::numeric, 'FM9,999.00'), to_char(now(), 'HH12:MI AM')
