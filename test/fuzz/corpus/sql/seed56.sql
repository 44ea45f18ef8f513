begin; set timezone = 'Asia/Kolkata'; show timezone; select now()::date = current_date; reset timezone; commit
