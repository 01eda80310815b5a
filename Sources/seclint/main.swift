print("seclint")
