select * from t natural join u
