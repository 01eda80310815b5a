package enum DifferModule {}
