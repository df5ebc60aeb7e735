"""Object storage behind one interface: a local directory or an S3 bucket, chosen by config
(``learning.storage.store``)."""
