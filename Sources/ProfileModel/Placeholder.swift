package enum ProfileModelModule {}
