package enum LinterModule {}
