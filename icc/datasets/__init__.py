"""What a dataset is: its description, how a problem in it is said, contours, files written from it."""
